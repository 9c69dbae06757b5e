package io.rnnc.compiler.ast;

import io.rnnc.compiler.source.Span;

/**
 * The right side of `init NAME = …`: a constant or the name of an initialiser.
 *
 * @param constant the constant, when {@code scheme} is null
 * @param scheme `identity`, `orthogonal`, `xavier`, … or null
 */
public record InitValue(double constant, String scheme, Span span) {
}
