package migrate

import (
	"testing"

	pgq "github.com/pganalyze/pg_query_go/v6"
)

// expr parses one SQL expression.
func expr(t *testing.T, src string) *pgq.Node {
	t.Helper()
	stmts, err := parseSQL("SELECT " + src)
	if err != nil || len(stmts) != 1 {
		t.Fatalf("parsing %q: %v", src, err)
	}
	return stmts[0].node.GetSelectStmt().TargetList[0].GetResTarget().Val
}

// typeName parses one type name.
func typeName(t *testing.T, src string) *pgq.TypeName {
	t.Helper()
	stmts, err := parseSQL("SELECT NULL::" + src)
	if err != nil || len(stmts) != 1 {
		t.Fatalf("parsing %q: %v", src, err)
	}
	return stmts[0].node.GetSelectStmt().TargetList[0].GetResTarget().Val.GetTypeCast().TypeName
}

// What PostgreSQL computes on the running version's writes (an index's expression, a stored
// generated column) fails the write when it fails; these answers are PostgreSQL 15's, each
// checked there (the failing ones with the SQLSTATE noted).
func TestCannotFail(t *testing.T) {
	types := map[string]*pgq.TypeName{"email": typeName(t, "text"), "created_at": typeName(t, "timestamptz"), "day": typeName(t, "date"),
		"total": typeName(t, "numeric"), "big_pos": typeName(t, "bigint"), "revenue": typeName(t, "numeric(19,4)"), "big": typeName(t, "numeric(30,2)"), "qty": typeName(t, "int"), "meta": typeName(t, "jsonb"), "note": typeName(t, "text")}
	for _, c := range []struct {
		expr string
		ok   bool
	}{
		{"lower(email)", true},
		{"deleted_at IS NULL", true},
		{"meta->>'ref'", true},
		{"coalesce(note, '') || email", true}, // strings: the 1 GB limit of a value is not counted, as a btree entry's 2704 bytes are not
		{"note || '_' || email", true},
		{"note || 1", false},    // anynonarray || text: another type's output is not read
		{"tags || tags", false}, // arrays (a type Greenlight does not know here): 2202E on mismatched dimensions
		{"char_length(note) + 1", true},
		{"qty + 1", false}, // 22003 at 2147483647
		{"qty::bigint + 1", true},
		{"to_tsvector('english', coalesce(note, ''))", true},
		{"(timezone('UTC', created_at))::date", true},
		{"created_at::date", true},
		{"note::date", false},             // 22007 on a note that is not a date
		{"(meta->>'ref')::bigint", false}, // 22P02
		{"qty * 100", false},              // 22003 past 2^31
		{"total * 100", false},            // an unconstrained numeric of 9e131071, times 100, overflows (22003)
		{"revenue * 100", true},           // numeric(19,4): below 10^17
		{"(revenue * 100)::bigint", true}, // < 10^17
		{"(big * 100)::bigint", false},    // up to 10^30: 22003
		{"CASE WHEN qty > 0 THEN 'a'::text ELSE 'b' END", true},
		{"CASE WHEN qty > 0 THEN CASE WHEN note <> '' THEN 'x'::text ELSE 'y' END ELSE 'z' END", true},
		{"CASE WHEN qty > 0 THEN day ELSE created_at END", false}, // day converted to timestamptz (22008)
		{"timezone('Mars/Olympus', created_at)", false},           // a zone PostgreSQL may not know: 22023
		{"my_func(email)", false},
		{"(string_to_array(email, '/'))[qty]", true}, // NULL out of range
		{"LEAST(created_at, day)", false},            // day is converted to timestamptz, whose range is shorter (22008)
		{"LEAST(created_at, '2024-01-01')", true},
		{"coalesce(note, email)", true},
		{"created_at::timestamptz", true},
		{"day::timestamp", false}, // 300000-01-01 is a date, not a timestamp (22008)
		{"path LIKE 'a%'", true},
		{"path LIKE note", false},                         // a pattern ending in the escape character fails (22025)
		{"tags @> '{7}'", false},                          // intarray's @> refuses NULL elements (22004)
		{"(string_to_array(email, '/'))[big_pos]", false}, // a bigint subscript past 2^31 (22003)
	} {
		if got := cannotFailOn(expr(t, c.expr), types); got != c.ok {
			t.Errorf("cannotFail(%s) = %v, want %v", c.expr, got, c.ok)
		}
	}
}

// PostgreSQL folds integer constants in integer (32 bits) or bigint (64) as the literal fits,
// and errs on an overflow or a division by zero (sql-syntax-lexical 4.1.2.4; measured on 15:
// 4 * 1024 * 1024 * 1024 is 22003, 4 * 1024 * 1024 * 1024::bigint is not).
func TestPgIntFoldsAsPostgreSQL(t *testing.T) {
	for _, c := range []struct {
		expr  string
		fails bool
	}{
		{"1024 * 1024 * 1024", false},
		{"4 * 1024 * 1024 * 1024", true},
		{"2147483647 + 1", true},
		{"2147483648 + 1", false}, // 2147483648 is a bigint literal
		{"-2147483648", false},    // the literal 2147483648 is a bigint, and its negation fits
		{"10 / 0", true},
		{"10 % 0", true},
		{"9223372036854775807 + 1", true},
	} {
		e := expr(t, c.expr)
		if got := constFails(e); got != c.fails {
			t.Errorf("constFails(%s) = %v, want %v", c.expr, got, c.fails)
		}
	}
}

// defaultFits is valueFits for a default, by a knowledge of no folder.
func defaultFits(tn *pgq.TypeName, e *pgq.Node) bool { return newKnowledge().valueFits(tn, e, nil) }

// A default is cut or checked against the column's modifiers only when an INSERT uses it
// (measured on 15: SET DEFAULT 'unassigned' on varchar(8) succeeds; the INSERT fails, 22001).
func TestDefaultFits(t *testing.T) {
	for _, c := range []struct {
		typ, def string
		ok       bool
	}{
		{"varchar(8)", "'unassigned'", false},
		{"varchar(10)", "'unassigned'", true},
		{"varchar", "'anything at all'", true},
		{"text", "'x'", true},
		{"char(2)", "'abc'", false},
		{"int", "3000000000", false},
		{"int", "30", true},
		{"bigint", "'0'::bigint", true},
		{"numeric(5,2)", "123.45", true},
		{"numeric(5,2)", "1234.5", false},
		{"timestamptz", "now()", true},
		{"varchar(8)", "md5(random()::text)", false},
		{"uuid", "gen_random_uuid()", true},
		{"numeric(3,2)", "9.999", false}, // rounds to 10.00, past the precision (22003)
		{"numeric(3,2)", "9.994", true},
		{"int", "extract(epoch from now()) * 1000", false},   // past 2^31 (22003)
		{"bigint", "extract(epoch from now()) * 1000", true}, // under 10^16 for any timestamp
		{"int", "nextval('t_id_seq')", false},                // a sequence the folder did not make may be a bigint one past 2^31 (22003)
		{"bigint", "nextval('t_id_seq')", true},              // a sequence's values fit a bigint
	} {
		if got := defaultFits(typeName(t, c.typ), expr(t, c.def)); got != c.ok {
			t.Errorf("defaultFits(%s, %s) = %v, want %v", c.typ, c.def, got, c.ok)
		}
	}
}
