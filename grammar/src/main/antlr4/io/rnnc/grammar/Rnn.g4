// The .rnn language: cell equations as notes and papers write them (DESIGN §1).
// Plain Unicode, LaTeX source and HTML sub/superscripts may be mixed freely; the parser
// keeps the notation's structure and the AST builder normalises names and time indices.
// Typesetting around equations (equation numbers, trailing punctuation, `{\displaystyle …}`,
// environments) is handled on the token stream before parsing (compiler's LayoutTokens).
grammar Rnn;

// ---------------------------------------------------------------- structure

file      : sep* ( cell (sep* cell)* sep* | statements )? EOF ;
cell      : CELL cellName LBRACE sep* statements? RBRACE ;
cellName  : ident (UNDERSCORE (ident | INT))* ;
statements: statement (sep+ statement)* sep* ;
sep       : NEWLINE | SEMI | LINEBREAK ;

statement
    : INPUT nameList                           # inputDecl
    | STATE nameList                           # stateDecl
    | OUTPUT nameList                          # outputDecl
    | HIDDEN_KW ident                          # hiddenDecl
    | PARAM ref COLON (shape | kind=ident)     # paramDecl
    | INIT ref EQUALS initValue                # initDecl
    | lhs=expr EQUALS rhs=expr                 # equation
    ;

nameList  : ref (COMMA ref)* ;
shape     : LBRACK (size (COMMA size)*)? RBRACK ;
size      : sizeTerm ((PLUS | MINUS) sizeTerm)* ;
sizeTerm  : INT (STAR? ident)? | ident ;
initValue : MINUS? number | ident ;

// ---------------------------------------------------------------- expressions
// Precedence, loosest first: + -, then the explicit elementwise operators (* ⊙ /),
// then unary sign, then products (juxtaposition, ·, @), then sub/superscripts.
// Juxtaposition binds tighter than * so that `a ⊙ W x` reads as `a ⊙ (W x)`.

expr      : elementwise ((PLUS | MINUS) elementwise)* ;
elementwise : signed ((STAR | SLASH) signed)* ;
signed    : (MINUS | PLUS) signed | product ;
product   : postfix (DOT? postfix)* ;
// A name takes its superscripts itself (`a^{<t>}`, `x^2`); only other atoms take them here.
// Letting both rules take them would make every `^` ambiguous, which ANTLR resolves only by
// reading ahead to the end of the chain at each one. `f(x)` is a call: atom comes first.
postfix   : atom sup* | element | ref ;
// `[W_r x]_j`: element j of a vector (Cho et al.'s per-unit notation).
element   : LBRACK expr RBRACK sub sup* ;

atom
    : ref LPAREN expr ((COMMA | SEMI) expr)* RPAREN  # call
    | number                                   # literal
    | LPAREN expr (SEMI expr)* RPAREN          # parens  // with `;`, a column: `(i_t; f_t; o_t; g_t)`
    | LBRACE expr RBRACE                       # group
    | LBRACK expr ((COMMA | SEMI) expr)* RBRACK # concat
    | FRAC LBRACE num=expr RBRACE LBRACE den=expr RBRACE # fraction
    | SUM_OP (UNDERSCORE sumIndex)? (CARET sumBound)? # sum
    ;
// `\sum_{i=1}^{D}`, `\sum_j`: the index and the number of terms.
sumIndex  : LBRACE NAME (EQUALS INT)? RBRACE | NAME ;
sumBound  : LBRACE ident RBRACE | ident ;

// A name: a base letter or word, possibly accented, with subscripts (labels or time),
// superscripts (time, a label, a transpose, or a power the builder moves out of the name)
// and primes (`h'`, the new value of `h`).
ref       : base (sub | sup | PRIME)* ;
base
    : NAME                                     # plainBase
    | LATEX                                    # latexBase
    | ACCENT (LBRACE ref RBRACE | NAME | LATEX) # accentBase
    | FONT LBRACE ref RBRACE                   # fontBase
    | LBRACE ref RBRACE                        # braceBase
    | (INPUT | STATE | OUTPUT | HIDDEN_KW | PARAM | INIT) # keywordBase
    ;
sub
    : UNDERSCORE LBRACE indexItem* RBRACE
    | UNDERSCORE FONT LBRACE indexItem* RBRACE
    | UNDERSCORE LT indexItem* GT
    | UNDERSCORE (NAME | INT | LATEX)
    | SUB_OPEN indexItem* SUB_CLOSE
    | USUB
    ;
sup
    : CARET LBRACE LT indexItem* GT RBRACE
    | CARET LT indexItem* GT
    | CARET LBRACE expr RBRACE
    | CARET LBRACE (TOP | PRIME) RBRACE
    | CARET (NAME | INT | LATEX | TOP | PRIME)
    | CARET LPAREN indexItem* RPAREN
    | SUP_OPEN indexItem* SUP_CLOSE
    | USUP
    ;
indexItem
    : NAME | INT | LATEX | PLUS | MINUS | COMMA | LPAREN | RPAREN | LT | GT
    | FONT LBRACE indexItem* RBRACE
    | LBRACE indexItem* RBRACE
    ;

ident     : NAME | LATEX | INPUT | STATE | OUTPUT | HIDDEN_KW | PARAM | INIT ;
number    : INT | FLOAT ;

// ---------------------------------------------------------------- lexer

CELL      : 'cell' ;
INPUT     : 'input' ;
STATE     : 'state' ;
OUTPUT    : 'output' ;
HIDDEN_KW : 'hidden' ;
PARAM     : 'param' ;
INIT      : 'init' ;

LINEBREAK : '\\\\' ;
FRAC      : '\\frac' | '\\dfrac' | '\\tfrac' ;
ACCENT    : '\\tilde' | '\\widetilde' | '\\hat' | '\\widehat' | '\\bar' | '\\overline'
          | '\\vec' | '\\dot' | '\\ddot' | '\\check' | '\\breve' ;
FONT      : '\\mathbf' | '\\boldsymbol' | '\\bm' | '\\pmb' | '\\mathrm' | '\\mathit' | '\\operatorname'
          | '\\mathcal' | '\\mathbb' | '\\mathscr' | '\\mathfrak' | '\\mathsf' | '\\mathtt' | '\\mathnormal'
          | '\\text' | '\\textrm' | '\\textbf' | '\\textit' | '\\textsf' | '\\texttt' | '\\textup' ;
DOT       : '·' | '⋅' | '∙' | '@' | '\\cdot' ;
STAR      : '*' | '∗' | '⊙' | '∘' | '\\ast' | '\\odot' | '\\circ' ;
SLASH     : '/' | '÷' ;
// Every dash a page or a PDF gives for a minus: hyphen-minus, the minus sign, en and em
// dashes, hyphens, and the small and full-width hyphen-minus.
MINUS     : '-' | '−' | '–' | '—' | '‐' | '‑' | '‒' | '﹣' | '－' ;
PLUS      : '+' ;
EQUALS    : '=' ;
// `\displaystyle` and environments: LayoutTokens drops them (and braces that only wrap them)
// or turns matrix environments into brackets.
STYLE     : '\\displaystyle' | '\\textstyle' | '\\scriptstyle' | '\\scriptscriptstyle' ;
BEGIN_ENV : '\\begin{array}' [ \t]* '{' [lcr| ]* '}' | '\\begin{' ~[}\r\n]* '}' ;
END_ENV   : '\\end{' ~[}\r\n]* '}' ;
// Equation numbers given as commands are labels, not part of the equation.
EQ_LABEL  : ( ( '\\tag' '*'? | '\\label' ) [ \t]* '{' ~[}\r\n]* '}' | '\\nonumber' | '\\notag' ) -> skip ;
LATEX_SKIP: ( '\\left' '.'? | '\\right' '.'? | '\\middle' | '\\limits' | '\\nolimits'
            | ( '\\big' | '\\Big' | '\\bigg' | '\\Bigg' ) [lrm]?
            | '\\,' | '\\;' | '\\:' | '\\!' | '\\ ' ) -> skip ;
// Space between two equations on one line separates them; elsewhere LayoutTokens drops it.
QUAD      : '\\quad' | '\\qquad' ;
SUM_OP    : '\\sum' | '∑' ;
TOP       : '\\top' | '\\intercal' | '⊤' ;
PRIME     : '\'' | '′' | '\\prime' ;
LT        : '<' | '\\langle' | '⟨' | '〈' ;
GT        : '>' | '\\rangle' | '⟩' | '〉' ;
LATEX     : '\\' [a-zA-Z]+ ;

SUB_OPEN  : '<sub>' ;
SUB_CLOSE : '</sub>' ;
SUP_OPEN  : '<sup>' ;
SUP_CLOSE : '</sup>' ;

// Unicode sub- and superscript characters (`hₜ₋₁`, `W⁽¹⁾`, `Wᵀ`), as pasted text has them.
USUB      : [\u2080-\u208E\u2090-\u209C\u1D62-\u1D6A\u2C7C]+ ;
USUP      : [\u2070\u2071\u00B9\u00B2\u00B3\u2074-\u207F\u1D2C-\u1D61\u1D9B-\u1DBF\u02B0-\u02B8\u02E0-\u02E4\u2C7D]+ ;

LPAREN    : '(' ;
RPAREN    : ')' ;
LBRACK    : '[' ;
RBRACK    : ']' ;
LBRACE    : '{' ;
RBRACE    : '}' ;
COMMA     : ',' ;
SEMI      : ';' ;
COLON     : ':' ;
UNDERSCORE: '_' ;
CARET     : '^' ;

FLOAT     : [0-9]+ '.' [0-9]* EXPONENT? | '.' [0-9]+ EXPONENT? | [0-9]+ EXPONENT ;
INT       : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;
// A full stop: trailing punctuation after an equation, which LayoutTokens drops.
PERIOD    : '.' ;

// Letters, then letters, marks and digits; modifier letters are sub- and superscripts above.
NAME      : [\p{Lu}\p{Ll}\p{Lt}\p{Lo}] [\p{Lu}\p{Ll}\p{Lt}\p{Lo}\p{M}\p{Nd}]* ;

COMMENT   : ('#' | '//' | '%') ~[\r\n]* -> skip ;
DOLLARS   : ('$$' | '$' | '&') -> skip ;
NEWLINE   : '\r'? '\n' | '\r' ;
// `~` is LaTeX's unbreakable space.
WS        : [ \t\f~\u00A0\u2009\u200A\u202F\uFEFF]+ -> skip ;

// Anything else is one bad character; the diagnostics name it instead of the lexer failing.
BAD       : . ;
