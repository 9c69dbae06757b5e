// The .rnn language: cell equations as notes and papers write them (DESIGN §1).
// Plain Unicode, LaTeX source and HTML sub/superscripts may be mixed freely; the parser
// keeps the notation's structure and the AST builder normalises names and time indices.
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
    | HIDDEN_KW ident                             # hiddenDecl
    | PARAM ref COLON shape                    # paramDecl
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
postfix   : atom sup* | ref ;

atom
    : ref LPAREN expr (COMMA expr)* RPAREN     # call
    | number                                   # literal
    | LPAREN expr RPAREN                       # parens
    | LBRACE expr RBRACE                       # group
    | LBRACK expr ((COMMA | SEMI) expr)* RBRACK # concat
    | FRAC LBRACE num=expr RBRACE LBRACE den=expr RBRACE # fraction
    ;

// A name: a base letter or word, possibly accented, with subscripts (labels or time)
// and superscripts (time, or a power the builder moves out of the name).
ref       : base (sub | sup)* ;
base
    : NAME                                     # plainBase
    | LATEX                                    # latexBase
    | ACCENT LBRACE ref RBRACE                 # accentBase
    | FONT LBRACE ref RBRACE                   # fontBase
    | (INPUT | STATE | OUTPUT | HIDDEN_KW | PARAM | INIT) # keywordBase
    ;
sub
    : UNDERSCORE LBRACE indexToken* RBRACE
    | UNDERSCORE (NAME | INT | LATEX)
    | SUB_OPEN indexToken* SUB_CLOSE
    ;
sup
    : CARET LBRACE LT indexToken* GT RBRACE
    | CARET LBRACE expr RBRACE
    | CARET (NAME | INT | LATEX)
    | SUP_OPEN indexToken* SUP_CLOSE
    ;
indexToken: NAME | INT | LATEX | PLUS | MINUS | COMMA | LPAREN | RPAREN ;

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
FONT      : '\\mathbf' | '\\boldsymbol' | '\\bm' | '\\mathrm' | '\\mathit' | '\\operatorname'
          | '\\text' | '\\textrm' | '\\mathsf' ;
DOT       : '·' | '⋅' | '∙' | '@' | '\\cdot' ;
STAR      : '*' | '∗' | '⊙' | '∘' | '\\ast' | '\\odot' | '\\circ' ;
SLASH     : '/' | '÷' ;
MINUS     : '-' | '−' ;
PLUS      : '+' ;
EQUALS    : '=' ;
LATEX_SKIP: ( '\\begin{' ~[}\r\n]* '}' | '\\end{' ~[}\r\n]* '}'
            | '\\left' | '\\right' | '\\big' | '\\Big' | '\\bigg' | '\\Bigg'
            | '\\quad' | '\\qquad' | '\\,' | '\\;' | '\\:' | '\\!' | '\\ ' ) -> skip ;
LATEX     : '\\' [a-zA-Z]+ ;

SUB_OPEN  : '<sub>' ;
SUB_CLOSE : '</sub>' ;
SUP_OPEN  : '<sup>' ;
SUP_CLOSE : '</sup>' ;

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
LT        : '<' ;
GT        : '>' ;

FLOAT     : [0-9]+ '.' [0-9]* EXPONENT? | '.' [0-9]+ EXPONENT? | [0-9]+ EXPONENT ;
INT       : [0-9]+ ;
fragment EXPONENT : [eE] [+-]? [0-9]+ ;

NAME      : [\p{L}] [\p{L}\p{M}\p{Nd}]* ;

COMMENT   : ('#' | '//' | '%') ~[\r\n]* -> skip ;
DOLLARS   : ('$$' | '$' | '&') -> skip ;
NEWLINE   : '\r'? '\n' | '\r' ;
WS        : [ \t\f\u00A0\u2009\u200A\u202F\uFEFF]+ -> skip ;

// Anything else is one bad character; the diagnostics name it instead of the lexer failing.
BAD       : . ;
