package migrate

import (
	"fmt"
	"strings"
	"sync"

	pgq "github.com/pganalyze/pg_query_go/v6"
	pgquery "github.com/wasilibs/go-pgquery"
)

// stmt is one statement as PostgreSQL's own parser (libpg_query, run in pure Go by
// wasilibs/go-pgquery) splits and reads it.
type stmt struct {
	node *pgq.Node
	sql  string
	line int
}

// parseMu makes parses take turns: go-pgquery keeps a pool of parser instances and compiles the
// WebAssembly module anew (seconds) for each one it must add, so two parses at once would pay
// that twice; one at a time, the process compiles it once and each parse takes a fraction of a
// millisecond.
var parseMu sync.Mutex

// parseSQL splits and parses src with PostgreSQL's grammar. A parse error names the line of
// the statement where it is.
func parseSQL(src string) (out []stmt, err error) {
	parseMu.Lock()
	defer parseMu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			out, err = nil, fmt.Errorf("the PostgreSQL parser failed: %v", r)
		}
	}()
	tree, err := pgquery.Parse(src)
	if err != nil {
		return nil, fmt.Errorf("line %d: %v", errorLine(src), err)
	}
	for _, rs := range tree.GetStmts() {
		from := int(rs.GetStmtLocation())
		to := len(src)
		if n := int(rs.GetStmtLen()); n > 0 && from+n <= len(src) {
			to = from + n
		}
		if from > len(src) {
			from = len(src)
		}
		from = skipSpaceAndComments(src, from)
		if from > to {
			from = to
		}
		out = append(out, stmt{node: rs.GetStmt(), sql: strings.TrimSpace(src[from:to]), line: 1 + strings.Count(src[:from], "\n")})
	}
	return out, nil
}

// errorLine finds the line of the first statement PostgreSQL cannot parse: the parser's error
// names no position through this library, so prefixes of src ending at each semicolon token
// are parsed until one fails for a reason other than ending early.
func errorLine(src string) int {
	scan, err := pgquery.Scan(src)
	if err != nil {
		return 1
	}
	start := 0
	for _, t := range scan.GetTokens() {
		if t.GetToken() != pgq.Token_ASCII_59 {
			continue
		}
		end := int(t.GetEnd())
		if end > len(src) {
			break
		}
		if _, err := pgquery.Parse(src[:end]); err != nil && !strings.Contains(err.Error(), "at end of input") {
			return 1 + strings.Count(src[:skipSpaceAndComments(src, start)], "\n")
		}
		start = end
	}
	return 1 + strings.Count(src[:skipSpaceAndComments(src, start)], "\n")
}

// skipSpaceAndComments returns the offset of the first byte at or after i that is neither
// white space nor inside a -- or (nested) /* */ comment.
func skipSpaceAndComments(src string, i int) int {
	for i < len(src) {
		switch c := src[i]; {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '-' && i+1 < len(src) && src[i+1] == '-':
			j := strings.IndexByte(src[i:], '\n')
			if j < 0 {
				return len(src)
			}
			i += j + 1
		case c == '/' && i+1 < len(src) && src[i+1] == '*':
			depth, j := 1, i+2
			for j < len(src) && depth > 0 {
				switch {
				case src[j] == '/' && j+1 < len(src) && src[j+1] == '*':
					depth++
					j += 2
				case src[j] == '*' && j+1 < len(src) && src[j+1] == '/':
					depth--
					j += 2
				default:
					j++
				}
			}
			i = j
		default:
			return i
		}
	}
	return i
}
