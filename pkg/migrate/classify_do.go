package migrate

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	pgq "github.com/pganalyze/pg_query_go/v6"
	pgquery "github.com/wasilibs/go-pgquery"
)

// A DO block in PL/pgSQL (the default language) is read with PostgreSQL's own PL/pgSQL parser
// (libpg_query's pg_query_parse_plpgsql): each SQL statement in it is classified as if it
// stood alone, in every branch (a branch not taken on this database may be taken on another),
// and every expression (IF conditions, assignments) as a SELECT of it, so that a function with
// side effects is found. What the parser cannot show (EXECUTE of a string, CALL, cursors,
// COMMIT) leaves the block contract, with the strongest lock assumed.

// plpgsqlKnown are the PL/pgSQL statements whose SQL the tree shows in full.
var plpgsqlKnown = map[string]bool{
	"PLpgSQL_stmt_block": true, "PLpgSQL_stmt_assign": true, "PLpgSQL_stmt_if": true, "PLpgSQL_stmt_case": true,
	"PLpgSQL_stmt_loop": true, "PLpgSQL_stmt_while": true, "PLpgSQL_stmt_fori": true, "PLpgSQL_stmt_fors": true,
	"PLpgSQL_stmt_foreach_a": true, "PLpgSQL_stmt_exit": true, "PLpgSQL_stmt_return": true, "PLpgSQL_stmt_raise": true,
	"PLpgSQL_stmt_assert": true, "PLpgSQL_stmt_execsql": true, "PLpgSQL_stmt_perform": true, "PLpgSQL_stmt_getdiag": true,
}

// opaque classifies a statement whose effect Greenlight cannot read: contract, and the
// strongest lock assumed, with a warning, since it may take any.
func opaque(c *cls, what, why string) *cls {
	return c.contract(what, why).lock(LockAccessExclusive).
		warn("Greenlight cannot read which locks it takes: it may hold an ACCESS EXCLUSIVE lock on a table the running version uses until the migration commits; write its statements out, or set lock_timeout before it")
}

// doBlock classifies DO: the statements of its PL/pgSQL body, each on its own.
func (k *knowledge) doBlock(base Change, d *pgq.DoStmt) []Change {
	c := &cls{Change: base}
	lang, body := "plpgsql", ""
	for _, a := range d.Args {
		if de := a.GetDefElem(); de != nil {
			switch de.Defname {
			case "language":
				lang = strings.ToLower(de.Arg.GetString_().GetSval())
			case "as":
				body = de.Arg.GetString_().GetSval()
			}
		}
	}
	const cannot = "its effect cannot be read from the statement; if it is backward compatible, say so with -- greenlight:expand <why>"
	if lang != "plpgsql" {
		k.sawOpaque = true
		return one(opaque(c, "runs an anonymous code block in "+lang+" (DO)", cannot))
	}
	tree, err := parsePlpgsql(body)
	if err != nil {
		k.sawOpaque = true
		return one(opaque(c, "runs an anonymous code block (DO) the PL/pgSQL parser refuses ("+err.Error()+")", cannot))
	}
	var out []Change
	var unknown []string
	line := 1
	// A statement of the block may not run (a branch not taken, an error its handler
	// swallows: EXCEPTION WHEN duplicate_column), so what it would create is taken as IF NOT
	// EXISTS would be: new only where the database says it is absent.
	k.inDo = true
	defer func() { k.inDo = false }()
	var visit func(v any)
	visit = func(v any) {
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e)
			}
		case map[string]any:
			if n, ok := x["lineno"].(float64); ok {
				line = int(n)
			}
			keys := make([]string, 0, len(x))
			for key := range x {
				keys = append(keys, key)
			}
			sort.Strings(keys) // the same changes in the same order every time
			for _, key := range keys {
				val := x[key]
				switch {
				case strings.HasPrefix(key, "PLpgSQL_stmt_") && !plpgsqlKnown[key]:
					unknown = append(unknown, strings.TrimPrefix(key, "PLpgSQL_stmt_"))
					continue
				case key == "PLpgSQL_expr":
					out = append(out, k.plpgsqlExpr(base, line, val, &unknown)...)
					continue
				case key == "datums": // declarations: only their defaults are SQL
					visit(val)
					continue
				}
				visit(val)
			}
		}
	}
	visit(tree)
	if len(unknown) > 0 {
		k.sawOpaque = true
		out = append(out, opaque(&cls{Change: base}, "runs an anonymous code block (DO) with PL/pgSQL Greenlight cannot read ("+strings.Join(unknown, ", ")+")", cannot).Change)
	}
	if len(out) == 0 {
		return one(c.expand("runs a DO block that runs no SQL"))
	}
	return out
}

// plpgsqlExpr classifies one PL/pgSQL expression: a statement (parse mode 0) as a statement,
// anything else (a condition, an assignment's value) as a SELECT of it.
func (k *knowledge) plpgsqlExpr(base Change, line int, v any, unknown *[]string) []Change {
	m, _ := v.(map[string]any)
	query, _ := m["query"].(string)
	mode, _ := m["parseMode"].(float64)
	if strings.TrimSpace(query) == "" {
		return nil
	}
	src := query
	if mode != 0 {
		if i := strings.Index(src, ":="); i >= 0 && mode >= 3 { // an assignment: its value
			src = src[i+2:]
		}
		src = "SELECT " + src
	}
	stmts, err := parseSQL(src)
	if err != nil {
		*unknown = append(*unknown, fmt.Sprintf("line %d: %v", line, err))
		return nil
	}
	var out []Change
	for _, s := range stmts {
		inner := k.classify(stmt{node: s.node, sql: s.sql, line: base.Line + line - 1})
		for i := range inner {
			inner[i].What += " (in a DO block)"
		}
		out = append(out, inner...)
	}
	return out
}

// parsePlpgsql parses a DO block's body with PostgreSQL's PL/pgSQL parser, as the body of a
// function (the form libpg_query takes), and returns its JSON tree.
func parsePlpgsql(body string) (tree any, err error) {
	tag := "$greenlight_do$"
	for i := 0; strings.Contains(body, tag); i++ {
		tag = fmt.Sprintf("$greenlight_do%d$", i)
	}
	parseMu.Lock()
	defer parseMu.Unlock()
	defer func() {
		if r := recover(); r != nil {
			tree, err = nil, fmt.Errorf("the PL/pgSQL parser failed: %v", r)
		}
	}()
	js, err := pgquery.ParsePlPgSqlToJSON("CREATE FUNCTION greenlight_do() RETURNS void LANGUAGE plpgsql AS " + tag + body + tag)
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(js), &tree); err != nil {
		return nil, err
	}
	return tree, nil
}
