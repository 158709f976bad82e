package migrate

import (
	"fmt"
	"strings"
)

// tokKind is the kind of a PostgreSQL lexical token.
type tokKind int

const (
	tIdent  tokKind = iota // keyword or identifier (Text upper-cased unless Quoted)
	tString                // '…', E'…', U&'…', B'…', X'…', $tag$…$tag$
	tNumber
	tParam // $1
	tOp    // operators and punctuation: ; ( ) , . :: = and the rest
)

type token struct {
	Kind tokKind
	// Text is the token: upper-cased for unquoted identifiers and keywords, the name without
	// quotes for quoted identifiers, the raw source for the rest.
	Text   string
	Quoted bool
	// Pos and End are the byte offsets of its first byte and past its last in the source,
	// and Line the line of its first byte (1-based).
	Pos, End, Line int
}

// is reports whether t is the unquoted keyword kw (upper case).
func (t token) is(kw string) bool { return t.Kind == tIdent && !t.Quoted && t.Text == kw }

// lex splits src into PostgreSQL tokens following the lexical rules of the PostgreSQL manual
// ("Lexical Structure"): nested /* */ comments, -- comments, standard and E” strings,
// dollar-quoted strings, quoted identifiers with "" escapes, numbers, positional parameters and
// operators. Comments and white space are dropped. firstLine is the line of src's first byte.
func lex(src string, firstLine int) ([]token, error) {
	var toks []token
	line := firstLine
	i := 0
	n := len(src)
	advance := func(to int) {
		if k := len(toks) - 1; k >= 0 && toks[k].Pos == i {
			toks[k].End = to
		}
		line += strings.Count(src[i:to], "\n")
		i = to
	}
	for i < n {
		c := src[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			advance(i + 1)
		case c == '-' && i+1 < n && src[i+1] == '-':
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				j = n - i
			}
			advance(i + j)
		case c == '/' && i+1 < n && src[i+1] == '*':
			depth, j := 1, i+2
			for j < n && depth > 0 {
				switch {
				case src[j] == '/' && j+1 < n && src[j+1] == '*':
					depth++
					j += 2
				case src[j] == '*' && j+1 < n && src[j+1] == '/':
					depth--
					j += 2
				default:
					j++
				}
			}
			if depth > 0 {
				return nil, fmt.Errorf("line %d: unterminated /* comment", line)
			}
			advance(j)
		case c == '\'':
			end, err := quoted(src, i, '\'', false)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", line, err)
			}
			toks = append(toks, token{Kind: tString, Text: src[i:end], Pos: i, Line: line})
			advance(end)
		case (c == 'E' || c == 'e') && i+1 < n && src[i+1] == '\'':
			end, err := quoted(src, i+1, '\'', true)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", line, err)
			}
			toks = append(toks, token{Kind: tString, Text: src[i:end], Pos: i, Line: line})
			advance(end)
		case (c == 'B' || c == 'b' || c == 'X' || c == 'x' || c == 'N' || c == 'n') && i+1 < n && src[i+1] == '\'':
			end, err := quoted(src, i+1, '\'', false)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", line, err)
			}
			toks = append(toks, token{Kind: tString, Text: src[i:end], Pos: i, Line: line})
			advance(end)
		case (c == 'U' || c == 'u') && i+2 < n && src[i+1] == '&' && (src[i+2] == '\'' || src[i+2] == '"'):
			end, err := quoted(src, i+2, src[i+2], false)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", line, err)
			}
			k := tString
			if src[i+2] == '"' {
				k = tIdent
			}
			toks = append(toks, token{Kind: k, Text: src[i+3 : end-1], Quoted: k == tIdent, Pos: i, Line: line})
			advance(end)
		case c == '"':
			end, err := quoted(src, i, '"', false)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", line, err)
			}
			name := strings.ReplaceAll(src[i+1:end-1], `""`, `"`)
			if name == "" {
				return nil, fmt.Errorf("line %d: zero-length quoted identifier", line)
			}
			toks = append(toks, token{Kind: tIdent, Text: name, Quoted: true, Pos: i, Line: line})
			advance(end)
		case c == '$' && i+1 < n && src[i+1] >= '0' && src[i+1] <= '9':
			j := i + 1
			for j < n && src[j] >= '0' && src[j] <= '9' {
				j++
			}
			toks = append(toks, token{Kind: tParam, Text: src[i:j], Pos: i, Line: line})
			advance(j)
		case c == '$':
			// A dollar quote: $$ or $tag$ where tag is an identifier without $.
			j := i + 1
			for j < n && identChar(src[j]) && src[j] != '$' {
				j++
			}
			if j >= n || src[j] != '$' || (j > i+1 && isDigit(src[i+1])) {
				return nil, fmt.Errorf("line %d: unexpected $", line)
			}
			tag := src[i : j+1]
			k := strings.Index(src[j+1:], tag)
			if k < 0 {
				return nil, fmt.Errorf("line %d: unterminated dollar-quoted string %s", line, tag)
			}
			end := j + 1 + k + len(tag)
			toks = append(toks, token{Kind: tString, Text: src[i:end], Pos: i, Line: line})
			advance(end)
		case identStart(c):
			j := i + 1
			for j < n && identChar(src[j]) {
				j++
			}
			toks = append(toks, token{Kind: tIdent, Text: asciiUpper(src[i:j]), Pos: i, Line: line})
			advance(j)
		case isDigit(c) || (c == '.' && i+1 < n && isDigit(src[i+1])):
			j := i
			for j < n && (isDigit(src[j]) || src[j] == '.' || src[j] == '_' || src[j] == 'e' || src[j] == 'E' ||
				((src[j] == '+' || src[j] == '-') && j > i && (src[j-1] == 'e' || src[j-1] == 'E'))) {
				j++
			}
			toks = append(toks, token{Kind: tNumber, Text: src[i:j], Pos: i, Line: line})
			advance(j)
		case c == ':' && i+1 < n && src[i+1] == ':':
			toks = append(toks, token{Kind: tOp, Text: "::", Pos: i, Line: line})
			advance(i + 2)
		case strings.IndexByte("+-*/<>=~!@#%^&|`?", c) >= 0:
			j := i + 1
			for j < n && strings.IndexByte("+-*/<>=~!@#%^&|`?", src[j]) >= 0 &&
				!(src[j] == '-' && j+1 < n && src[j+1] == '-') && !(src[j] == '/' && j+1 < n && src[j+1] == '*') {
				j++
			}
			toks = append(toks, token{Kind: tOp, Text: src[i:j], Pos: i, Line: line})
			advance(j)
		case strings.IndexByte(";(),.[]:", c) >= 0:
			toks = append(toks, token{Kind: tOp, Text: string(c), Pos: i, Line: line})
			advance(i + 1)
		default:
			return nil, fmt.Errorf("line %d: unexpected character %q", line, c)
		}
	}
	return toks, nil
}

// quoted returns the end (exclusive) of the quoted text starting at src[i] == q, where a
// doubled q stands for itself and, if backslash, \ escapes the next byte.
func quoted(src string, i int, q byte, backslash bool) (int, error) {
	for j := i + 1; j < len(src); j++ {
		switch {
		case backslash && src[j] == '\\':
			j++
		case src[j] == q:
			if j+1 < len(src) && src[j+1] == q {
				j++
				continue
			}
			return j + 1, nil
		}
	}
	if q == '"' {
		return 0, fmt.Errorf("unterminated quoted identifier")
	}
	return 0, fmt.Errorf("unterminated string literal")
}

// asciiUpper upper-cases ASCII letters only, as PostgreSQL folds unquoted identifiers (it
// leaves other bytes alone).
func asciiUpper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

func identStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

func identChar(c byte) bool { return identStart(c) || isDigit(c) || c == '$' }

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// stmt is one SQL statement: its tokens (without the ending semicolon) and source text.
type stmt struct {
	toks []token
	sql  string
	line int
}

// split cuts tokens into statements at top-level semicolons. A SQL-standard function body
// (BEGIN ATOMIC … END) keeps its semicolons.
func split(src string, toks []token) []stmt {
	var out []stmt
	start, atomic := 0, 0
	flush := func(end, srcEnd int) {
		if end > start {
			ts := toks[start:end]
			from := ts[0].Pos
			out = append(out, stmt{toks: ts, sql: strings.TrimSpace(src[from:srcEnd]), line: ts[0].Line})
		}
	}
	for i, t := range toks {
		switch {
		case t.is("ATOMIC") && i > 0 && toks[i-1].is("BEGIN"):
			atomic++
		case t.is("END") && atomic > 0:
			atomic--
		case t.Kind == tOp && t.Text == ";" && atomic == 0:
			flush(i, t.Pos)
			start = i + 1
		}
	}
	if start < len(toks) {
		flush(len(toks), toks[len(toks)-1].End)
	}
	return out
}
