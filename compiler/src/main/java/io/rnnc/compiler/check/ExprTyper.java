package io.rnnc.compiler.check;

import io.rnnc.compiler.ast.Expr;
import io.rnnc.compiler.ast.Names;
import io.rnnc.compiler.source.Span;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The third pass: gives each expression its meaning and shape. Products are where notation
 * is most ambiguous, so the rules live here (DESIGN §1): with a parameter as a factor a
 * product is a matrix product (`W v`, or `v · W` for row vectors), between vectors it is
 * elementwise, a scalar scales, and a function name applies to what follows it.
 */
final class ExprTyper {
    private final CellScope scope;
    private final Params params;
    private final Map<String, TExpr> locals = new HashMap<>();
    /** The values of the function being inlined not yet typed (`μ`, `σ` of Ba et al.'s `LN`). */
    private final Map<String, Expr> pendingLocals = new HashMap<>();
    private final Set<String> typingLocals = new HashSet<>();
    private final Set<String> inlining = new HashSet<>();
    /** Matrices multiplying the cell state `c` (Graves's peepholes), for a warning once the output is known. */
    final List<Peephole> peepholes = new ArrayList<>();

    /** The value whose equation is being typed, for {@link #peepholes}. */
    String defining;

    /** `W_ci c_{t-1}` in the equation of a gate: a parameter used as a full matrix on the cell state. */
    record Peephole(String param, String state, Span span) {
    }

    ExprTyper(CellScope scope, Params params) {
        this.scope = scope;
        this.params = params;
    }

    TExpr type(Expr e) {
        if (e instanceof Expr.Ref r) {
            return ref(r);
        }
        if (e instanceof Expr.Num n) {
            return new TExpr.Const(n.value(), Shape.SCALAR);
        }
        if (e instanceof Expr.Call c) {
            return call(c);
        }
        if (e instanceof Expr.Product p) {
            return product(p.factors(), 0);
        }
        if (e instanceof Expr.Binary b) {
            if (b.asterisk()) {
                warnAsterisk(b.left(), b);
                warnAsterisk(b.right(), b);
            }
            return elementwise(b.op(), type(b.left()), type(b.right()), b);
        }
        if (e instanceof Expr.Transpose t) {
            return transposeAlone(t);
        }
        if (e instanceof Expr.Element el) {
            return type(el.vector());
        }
        if (e instanceof Expr.Negate n) {
            TExpr operand = type(n.operand());
            return new TExpr.Neg(operand, operand.shape());
        }
        if (e instanceof Expr.Concat c) {
            return concat(c);
        }
        return power((Expr.Power) e);
    }

    // ------------------------------------------------------------ names

    private TExpr ref(Expr.Ref r) {
        String name = r.name();
        if (r.time() == null && typingLocals.contains(name)) {
            return error(r.span(), "`" + name + "` is computed from itself", "define it from the function's parameters");
        }
        if (r.time() == null && pendingLocals.containsKey(name)) {
            Expr definition = pendingLocals.remove(name);
            typingLocals.add(name);
            TExpr value = type(definition);
            typingLocals.remove(name);
            locals.put(name, value);
        }
        if (r.time() == null && locals.containsKey(name)) {
            return locals.get(name);
        }
        int lag = r.time() == null ? 0 : r.time().lag();
        if (name.equals(scope.input)) {
            return new TExpr.Read(name, 0, TExpr.Role.INPUT, Shape.vector(Size.var(TypedCell.INPUT)));
        }
        if (scope.isValue(name)) {
            return valueRead(name, lag);
        }
        if (scope.unparsed.contains(name)) {
            return unknown(); // its line has an error, already reported
        }
        if (r.time() != null) {
            return unknown(); // Roles reported it: used but never defined, or read in the future
        }
        if (name.equals("t")) {
            return error(r.span(), "`t` is the time index, not a value", "write it as a subscript, e.g. `h_{t-1}`");
        }
        if (scope.isFunction(name)) {
            return error(r.span(), "`" + name + "` is a function", "call it, e.g. `" + name + "(W x_t + b)`");
        }
        if (scope.views.containsKey(name)) {
            return error(r.span(), "`" + name + "` names a block of the matrix `" + scope.views.get(name).param() + "`",
                    "use it as a matrix, e.g. `" + name + " a_{t-1}`");
        }
        return params.asVector(name, r.span());
    }

    private TExpr valueRead(String name, int lag) {
        if (lag > 0) {
            return new TExpr.Read(name, lag, TExpr.Role.STATE, Shape.vector(scope.stateSize(name)));
        }
        Shape shape = scope.valueShapes.getOrDefault(name, Shape.UNKNOWN);
        return new TExpr.Read(name, 0, TExpr.Role.VALUE, shape);
    }

    // ------------------------------------------------------------ calls

    private TExpr call(Expr.Call c) {
        Expr.Ref callee = c.callee();
        String name = callee.name();
        if (scope.unparsed.contains(name) && !scope.isValue(name) && !locals.containsKey(name)) {
            return unknown(); // its line has an error, already reported
        }
        if (callee.time() == null && !locals.containsKey(name) && scope.isFunction(name)) {
            if (scope.functions.containsKey(name)) {
                return inline(name, c);
            }
            List<TExpr> args = new ArrayList<>();
            c.args().forEach(a -> args.add(type(a)));
            return apply(scope.builtin(name), args, c);
        }
        boolean operand = callee.time() != null || scope.isValue(name) || name.equals(scope.input)
                || locals.containsKey(name);
        boolean matrix = scope.views.containsKey(name) || params.isDeclared(name) || looksLikeMatrix(name);
        if (operand || matrix) {
            if (c.column()) {
                return product(List.of(callee, new Expr.Concat(c.args(), c.span())), 0);
            }
            if (c.args().size() != 1) {
                return error(c.span(), "`" + name + "` is not a function, and a product has one operand in parentheses",
                        "for a concatenation write `" + name + "·[a, b]`");
            }
            return product(List.of(callee, c.args().get(0)), 0);
        }
        String product = isLatin(name) ? "; for a matrix product write `" + name + "·(…)`" : "";
        return error(callee.span(), "unknown function `" + name + "`", FunctionHints.forUnknown(name, product));
    }

    /** Matrices are Latin letters; a Greek `φ(…)` or `σ_y(…)` can only be a function. */
    private static boolean isLatin(String name) {
        String base = Names.baseLetter(name);
        return !base.isEmpty() && Character.UnicodeScript.of(base.codePointAt(0)) == Character.UnicodeScript.LATIN;
    }

    /** A capitalised name before parentheses is a matrix (`U (f ⊙ h)`); a small one a function (`g(…)`). */
    private static boolean looksLikeMatrix(String name) {
        String base = Names.baseLetter(name);
        return !base.isEmpty() && Character.isUpperCase(base.codePointAt(0));
    }

    private TExpr inline(String name, Expr.Call c) {
        CellScope.UserFunction f = scope.functions.get(name);
        if (c.args().size() != f.params().size()) {
            return error(c.span(), "`" + name + "` takes " + arguments(f.params().size()) + ", given " + c.args().size(),
                    "it is defined on line " + f.span().line());
        }
        if (!inlining.add(name)) {
            return error(c.span(), "function `" + name + "` calls itself", "a cell's functions cannot recurse");
        }
        List<TExpr> args = new ArrayList<>();
        c.args().forEach(a -> args.add(type(a)));
        Map<String, TExpr> saved = new HashMap<>(locals);
        Map<String, Expr> savedPending = new HashMap<>(pendingLocals);
        pendingLocals.clear();
        pendingLocals.putAll(f.locals());
        f.locals().keySet().forEach(locals::remove);
        for (int i = 0; i < args.size(); i++) {
            locals.put(f.params().get(i), args.get(i));
        }
        TExpr body = type(f.body());
        locals.clear();
        locals.putAll(saved);
        pendingLocals.clear();
        pendingLocals.putAll(savedPending);
        inlining.remove(name);
        return body;
    }

    private static String arguments(int n) {
        return n == 1 ? "one argument" : n + " arguments";
    }

    private TExpr apply(Builtin fn, List<TExpr> args, Expr.Call where) {
        boolean minMax = fn.kind() == Builtin.Kind.MIN_MAX;
        if (args.size() != 1 && !(minMax && args.size() == 2)) {
            return error(where.span(), "`" + fn.display() + "` takes " + (minMax ? "one or two arguments" : "one argument")
                    + ", given " + args.size(), "e.g. `" + fn.display() + "(W x_t + b)`");
        }
        if (args.stream().anyMatch(a -> a.shape().isUnknown())) {
            return unknown();
        }
        Shape shape = switch (fn.kind()) {
            case ELEMENTWISE, VECTOR -> args.get(0).shape();
            case REDUCTION -> Shape.SCALAR;
            case MIN_MAX -> args.size() == 1 ? Shape.SCALAR : broadcast(args.get(0), args.get(1), where, "`" + fn.display() + "`");
        };
        return new TExpr.Call(fn, args, shape);
    }

    // ------------------------------------------------------------ products

    /** The product of factors[i..]: see the class comment for the rules. */
    private TExpr product(List<Expr> factors, int i) {
        TExpr acc = null;
        for (; i < factors.size(); i++) {
            Expr f = factors.get(i);
            if (i + 1 < factors.size() && isBracketCall(f, factors.get(i + 1))) {
                Expr.Concat bracket = (Expr.Concat) factors.get(++i);
                acc = times(acc, call(new Expr.Call((Expr.Ref) f, bracket.parts(), f.span().to(bracket.span()))), f);
                continue;
            }
            Expr.Ref matrix = matrixOf(f);
            boolean transposed = f instanceof Expr.Transpose;
            if (acc != null && matrix != null && onlyMatrices(factors, i + 1)) {
                acc = params.matVec(matrix, acc, !transposed, transposed, spanOf(factors, 0, i));
                continue;
            }
            if (i == factors.size() - 1) {
                return times(acc, type(f), f);
            }
            if (isFunctionName(f)) {
                Expr.Call call = new Expr.Call((Expr.Ref) f, List.of(), f.span());
                TExpr arg = product(factors, i + 1);
                return times(acc, apply(scope.builtin(((Expr.Ref) f).name()), List.of(arg), call), f);
            }
            if (matrix != null) {
                TExpr operand = product(factors, i + 1);
                Span whole = spanOf(factors, i, factors.size() - 1);
                if (!transposed && i + 2 == factors.size()) {
                    notePeephole(matrix, factors.get(i + 1));
                }
                return times(acc, params.matVec(matrix, operand, transposed, transposed, whole), f);
            }
            if (isPowerOfMatrix(f)) {
                Expr.Power p = (Expr.Power) f;
                String w = ((Expr.Ref) p.base()).name();
                return error(f.span(), "`" + w + "` raised to a power would multiply what follows elementwise",
                        "for a layer label write `" + w + "^{(1)}` (read as `" + w + "_1`); for a matrix power, multiply twice: `"
                                + w + " (" + w + " x_t)`");
            }
            acc = times(acc, type(f), f);
        }
        return acc;
    }

    private boolean onlyMatrices(List<Expr> factors, int from) {
        for (int j = from; j < factors.size(); j++) {
            if (matrixOf(factors.get(j)) == null) {
                return false;
            }
        }
        return true;
    }

    private boolean isFunctionName(Expr f) {
        return f instanceof Expr.Ref r && r.time() == null && !locals.containsKey(r.name())
                && scope.isFunction(r.name()) && !scope.functions.containsKey(r.name());
    }

    /** The matrix a factor names, `W` or `Wᵀ`; null when it is not one. */
    private Expr.Ref matrixOf(Expr f) {
        Expr inner = f instanceof Expr.Transpose t ? t.operand() : f;
        return isMatrix(inner) ? (Expr.Ref) inner : null;
    }

    private boolean isMatrix(Expr f) {
        if (!(f instanceof Expr.Ref r) || r.time() != null || locals.containsKey(r.name())) {
            return false;
        }
        String n = r.name();
        if (scope.views.containsKey(n)) {
            return true;
        }
        return isFree(n) && params.canBeMatrix(n);
    }

    /** A name that is no value, input, function or local: a parameter, or one to be. */
    private boolean isFree(String n) {
        return !(scope.isValue(n) || n.equals(scope.input) || scope.isFunction(n) || n.equals("t")
                || scope.unparsed.contains(n) || locals.containsKey(n) || pendingLocals.containsKey(n));
    }

    /** `f[…]` with one thing in the brackets and `f` a small letter no line defines: a function applied, as Ba et al.'s `f[…]`. */
    private boolean isBracketCall(Expr f, Expr next) {
        return f instanceof Expr.Ref r && r.time() == null && next instanceof Expr.Concat c && c.parts().size() == 1
                && isFree(r.name()) && !scope.views.containsKey(r.name()) && !params.isDeclared(r.name())
                && !looksLikeMatrix(r.name());
    }

    /** `W^2 x`: a power of a capitalised parameter before a vector. */
    private boolean isPowerOfMatrix(Expr f) {
        return f instanceof Expr.Power p && p.base() instanceof Expr.Ref r && r.time() == null && isFree(r.name())
                && !params.isDeclared(r.name()) && looksLikeMatrix(r.name());
    }

    /** Records `W c_{t-1}` for {@link Checker}'s warning about Graves's diagonal peephole matrices. */
    private void notePeephole(Expr.Ref matrix, Expr operand) {
        if (operand instanceof Expr.Ref v && (v.name().equals("c") || v.name().equals("C")) && scope.isValue(v.name())
                && !v.name().equals(defining) && !params.isDeclared(matrix.name()) && !scope.views.containsKey(matrix.name())) {
            peepholes.add(new Peephole(matrix.name(), v.name(), matrix.span()));
        }
    }

    /** `W * x` where `*` may be meant as a convolution (ConvLSTM) or a matrix product. */
    private void warnAsterisk(Expr side, Expr.Binary where) {
        if (side instanceof Expr.Ref r && r.time() == null && isFree(r.name()) && !params.isDeclared(r.name())
                && !scope.views.containsKey(r.name()) && looksLikeMatrix(r.name())) {
            Expr other = side == where.left() ? where.right() : where.left();
            scope.diagnostics.warning(where.span(), "`*` is read as an elementwise product here, so `" + r.name()
                            + "` is a vector", "for a matrix product write `" + written(r) + " " + written(other)
                            + "`; rnnc has no convolution (ConvLSTM's `*`); to keep it elementwise without this warning, "
                            + "declare `param " + r.name() + " : diag`");
        }
    }

    private static String written(Expr e) {
        return e.span().source().text(e.span().start(), e.span().end());
    }

    /** `Wᵀ` with nothing to multiply; a transposed vector is the vector. */
    private TExpr transposeAlone(Expr.Transpose t) {
        Expr.Ref matrix = matrixOf(t);
        if (matrix != null) {
            return error(t.span(), "`" + matrix.name() + "ᵀ` is a transposed matrix, and nothing here multiplies it",
                    "multiply it by a vector, e.g. `" + matrix.name() + "ᵀ x_t` or `x_t " + matrix.name() + "ᵀ`");
        }
        return type(t.operand());
    }

    /** acc ⊙ next, where a scalar on either side scales. */
    private TExpr times(TExpr acc, TExpr next, Expr where) {
        return acc == null ? next : elementwise(Expr.BinaryOp.MUL, acc, next, where);
    }

    private static Span spanOf(List<Expr> factors, int from, int to) {
        return factors.get(from).span().to(factors.get(to).span());
    }

    // ------------------------------------------------------------ arithmetic

    private TExpr elementwise(Expr.BinaryOp op, TExpr left, TExpr right, Expr where) {
        if (left.shape().isUnknown() || right.shape().isUnknown()) {
            return unknown();
        }
        Shape shape = broadcast(left, right, where, "`" + op.symbol() + "`");
        return new TExpr.Arith(op, left, right, shape);
    }

    private Shape broadcast(TExpr left, TExpr right, Expr where, String what) {
        Shape l = left.shape();
        Shape r = right.shape();
        if (l.isUnknown() || r.isUnknown()) {
            return Shape.UNKNOWN;
        }
        if (l.isScalar()) {
            return r;
        }
        if (r.isScalar()) {
            return l;
        }
        Runnable conflict = () -> error(where.span(), "the two sides of " + what + " have different sizes: "
                + show(l.size()) + " and " + show(r.size()), sizeHint(l.size(), r.size()));
        if (!scope.solver.unifyElementwise(l.size(), r.size(), conflict)) {
            conflict.run();
            return Shape.UNKNOWN;
        }
        return l;
    }

    String sizeHint(Size a, Size b) {
        Size hidden = Size.var(TypedCell.HIDDEN);
        Set<String> vars = new HashSet<>(scope.solver.likely(a, hidden).terms().keySet());
        vars.addAll(scope.solver.likely(b, hidden).terms().keySet());
        if (vars.contains(TypedCell.HIDDEN) && vars.contains(TypedCell.INPUT)) {
            return "the input has its own size X; project it to the hidden size first, e.g. `W x_t`";
        }
        return "elementwise operations need vectors of one size; check which parameters or values are combined here";
    }

    String show(Size s) {
        return scope.show(s);
    }

    /** `[a, b]`; `[a]` alone is `a` (Ba et al.'s `f[…]`, a function applied). */
    private TExpr concat(Expr.Concat c) {
        if (c.parts().size() == 1) {
            return type(c.parts().get(0));
        }
        List<TExpr> parts = new ArrayList<>();
        Size total = Size.of(0);
        boolean unknown = false;
        for (Expr p : c.parts()) {
            TExpr t = type(p);
            parts.add(t);
            unknown |= t.shape().isUnknown();
            total = total.plus(t.shape().isVector() ? t.shape().size() : Size.of(1));
        }
        return new TExpr.Concat(parts, unknown ? Shape.UNKNOWN : Shape.vector(total));
    }

    private TExpr power(Expr.Power p) {
        if (p.base() instanceof Expr.Ref r && r.name().equals("e") && r.time() == null && !scope.isValue("e")
                && !params.isDeclared("e")) {
            TExpr exponent = type(p.exponent());
            return new TExpr.Call(Builtin.EXP, List.of(exponent), exponent.shape());
        }
        Double k = constant(p.exponent());
        if (k == null) {
            return error(p.exponent().span(), "an exponent must be a constant number",
                    "for e to a power write `e^{…}` or `exp(…)`");
        }
        TExpr base = type(p.base());
        return new TExpr.Pow(base, k, base.shape());
    }

    private static Double constant(Expr e) {
        if (e instanceof Expr.Num n) {
            return n.value();
        }
        if (e instanceof Expr.Negate n && n.operand() instanceof Expr.Num m) {
            return -m.value();
        }
        return null;
    }

    // ------------------------------------------------------------ errors

    private TExpr error(Span span, String message, String hint) {
        scope.diagnostics.error(span, message, hint);
        return unknown();
    }

    private static TExpr unknown() {
        return new TExpr.Const(Double.NaN, Shape.UNKNOWN);
    }
}
