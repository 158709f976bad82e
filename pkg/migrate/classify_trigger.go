package migrate

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	pgq "github.com/pganalyze/pg_query_go/v6"
)

// A trigger on a table the running version writes changes what its writes do, so it is
// contract, with one exception read from the trigger function itself: an AFTER trigger whose
// PL/pgSQL function, created in the same migration, can neither refuse the write nor change a
// row the running version reads. The manual (CREATE TRIGGER; PL/pgSQL 43.10.1, "Triggers on
// Data Changes") says the return value of an AFTER row trigger is ignored, so only an error can
// reach the running version's statement. The function may then only branch, assign its own
// variables, RAISE below ERROR, and PERFORM pg_notify, with expressions made of functions and
// operators that do not fail on any value of their arguments. pg_notify refuses a payload of
// 8000 bytes or more and a channel name that is empty or longer than NAMEDATALEN-1 (63) bytes
// (the manual, NOTIFY: "the payload string ... must be shorter than 8000 bytes"; 22023), so the
// payload's length is bounded from the types of the columns it is built from: a text column
// is unbounded and keeps the trigger contract.

// notifyPayloadLimit is NOTIFY's bound: a payload must be shorter than 8000 bytes.
const notifyPayloadLimit = 8000

// nameBytes is the longest identifier PostgreSQL keeps (NAMEDATALEN-1).
const nameBytes = 63

// unbounded is the width of a value whose text may be of any length.
const unbounded = -1

// Timing bits of CreateTrigStmt.Timing (PostgreSQL's trigger.h: TRIGGER_TYPE_BEFORE,
// TRIGGER_TYPE_INSTEAD; AFTER is neither).
const (
	trigBefore  = 1 << 1
	trigInstead = 1 << 6
)

// fileFunc is a function an earlier statement of the same migration created, as written.
type fileFunc struct {
	schema, lang, body string
}

// functionDef is a CREATE FUNCTION's schema (as written), language and body.
func functionDef(f *pgq.CreateFunctionStmt) fileFunc {
	def := fileFunc{lang: "sql"}
	if s := strs(f.Funcname); len(s) > 1 {
		def.schema = s[0]
	}
	for _, o := range f.Options {
		de := o.GetDefElem()
		switch {
		case de == nil:
		case de.Defname == "language":
			def.lang = strings.ToLower(de.Arg.GetString_().GetSval())
		case de.Defname == "as":
			if items := de.Arg.GetList().GetItems(); len(items) == 1 {
				def.body = items[0].GetString_().GetSval()
			}
		}
	}
	return def
}

var notifyChannelRe = regexp.MustCompile(`(?is)pg_notify\s*\(\s*'((?:[^']|'')*)'|\bnotify\s+("(?:[^"]|"")+"|[a-z_][a-z0-9_$]*)`)

// learnChannels records the notification channels a function body or NOTIFY names as
// constants, with the function that sends on each ("" for a NOTIFY statement).
func (k *knowledge) learnChannels(body, fn string) {
	for _, m := range notifyChannelRe.FindAllStringSubmatch(body, -1) {
		ch := strings.ReplaceAll(m[1], "''", "'")
		if m[1] == "" {
			ch = strings.ToLower(strings.Trim(m[2], `"`))
		}
		k.sendsOn(ch, fn)
	}
}

// sendsOn records that fn ("" for a statement) sends notifications on channel ch.
func (k *knowledge) sendsOn(ch, fn string) {
	if _, ok := k.channels[ch]; !ok {
		k.channels[ch] = fn
	}
}

// quietTrigger reports why a trigger on an existing table cannot change what the running
// version's statements do (ok), or why Greenlight cannot show it.
func (k *knowledge) quietTrigger(t *pgq.CreateTrigStmt) (ok bool, why string) {
	table := rvKey(t.Relation)
	fn := lastName(t.Funcname)
	def, created := k.fileDefs[fn]
	schema := ""
	if n := strs(t.Funcname); len(n) > 1 {
		schema = n[0]
	}
	switch {
	case t.Timing&(trigBefore|trigInstead) != 0:
		return false, "a BEFORE or INSTEAD OF trigger changes or skips the running version's writes"
	case t.Isconstraint:
		return false, "a constraint trigger"
	case t.Replace && !k.triggerAbsent(t):
		return false, "CREATE OR REPLACE TRIGGER may replace a trigger the running version relies on (the database does not say it has none of that name)"
	case !created || def.schema != schema:
		return false, "its function " + strings.Join(strs(t.Funcname), ".") + " is not one this migration creates, so Greenlight cannot read what it does"
	case def.lang != "plpgsql":
		return false, "its function is in " + def.lang + ", which Greenlight does not read"
	case k.unsure(table):
		return false, "which table " + rvName(t.Relation) + " is (or what its columns are) is not certain in this migration"
	}
	a := &trigRead{k: k, table: table}
	for _, arg := range t.Args {
		a.args = append(a.args, arg.GetString_().GetSval())
	}
	tree, err := parsePlpgsql(def.body)
	if err != nil {
		return false, "the PL/pgSQL parser refuses its function: " + err.Error()
	}
	if t.WhenClause != nil {
		a.exprs = append(a.exprs, t.WhenClause)
	}
	a.read(tree)
	if a.why != "" {
		return false, a.why
	}
	// The widths of the function's variables: each the widest value assigned to it, found by
	// iterating to a fixed point; a variable still growing after as many rounds as there are
	// assignments grows from itself and is unbounded.
	a.widths = map[int]int{}
	for round := 0; ; round++ {
		changed := false
		for _, as := range a.assigns {
			w, _ := a.width(as.expr)
			if old, seen := a.widths[as.varno]; !seen || w == unbounded && old != unbounded || old != unbounded && w > old {
				a.widths[as.varno] = w
				changed = true
			}
		}
		if !changed {
			break
		}
		if round > len(a.assigns)+1 {
			for v := range a.widths {
				a.widths[v] = unbounded
			}
			break
		}
	}
	for _, as := range a.assigns {
		a.exprs = append(a.exprs, as.expr)
	}
	for _, e := range a.exprs {
		if _, why := a.width(e); why != "" {
			return false, why
		}
	}
	for _, ch := range a.channels {
		if other, ok := k.channels[ch]; ok && other != fn {
			return false, "it notifies channel " + ch + ", on which something else sends too: what listens on it may not expect these notifications"
		}
	}
	for _, col := range a.cols {
		k.sent[table+"."+col] = true
	}
	k.triggerFuncs[fn] = true
	what := "queues notifications on " + strings.Join(a.channels, ", ") + " of fewer than 8000 bytes"
	if len(a.channels) == 0 {
		what = "does nothing the running version can see"
	}
	return true, "an AFTER trigger (its return value is ignored) whose function, created in this migration, " + what + ", and fails on none of the running version's rows"
}

// trigRead reads a trigger function's PL/pgSQL tree: what it may do, and how long the values
// it builds may be.
type trigRead struct {
	k        *knowledge
	table    string
	args     []string // TG_ARGV
	vars     map[int]string
	assigns  []assign
	exprs    []*pgq.Node
	widths   map[int]int
	channels []string
	cols     []string // the columns whose type bounds a payload
	why      string
}

type assign struct {
	varno int
	expr  *pgq.Node
}

// plpgsqlQuiet are the PL/pgSQL statements a quiet trigger function may use (each checked
// further where it matters: a CASE needs its ELSE, RAISE stays below ERROR).
var plpgsqlQuiet = map[string]bool{
	"PLpgSQL_stmt_block": true, "PLpgSQL_stmt_assign": true, "PLpgSQL_stmt_if": true, "PLpgSQL_stmt_case": true,
	"PLpgSQL_stmt_return": true, "PLpgSQL_stmt_raise": true, "PLpgSQL_stmt_perform": true,
}

// elogError is PostgreSQL's ERROR level (elog.h): a RAISE at it or above aborts the statement.
const elogError = 21

func (a *trigRead) fail(why string) {
	if a.why == "" {
		a.why = why
	}
}

func (a *trigRead) read(tree any) {
	a.vars = map[int]string{}
	fns, _ := tree.([]any)
	if len(fns) != 1 {
		a.fail("its function's body is not one PL/pgSQL function")
		return
	}
	f, _ := fns[0].(map[string]any)["PLpgSQL_function"].(map[string]any)
	datums, _ := f["datums"].([]any)
	for i, d := range datums {
		m, _ := d.(map[string]any)
		if v, ok := m["PLpgSQL_var"].(map[string]any); ok {
			name, _ := v["refname"].(string)
			a.vars[i] = strings.ToLower(name)
			if dv, ok := v["default_val"].(map[string]any); ok {
				a.assigns = append(a.assigns, assign{i, a.sql(dv["PLpgSQL_expr"], true)})
			}
		}
	}
	a.stmts(f["action"])
}

// stmts walks PL/pgSQL statements wherever they are nested.
func (a *trigRead) stmts(v any) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			a.stmts(e)
		}
	case map[string]any:
		keys := make([]string, 0, len(x))
		for key := range x {
			keys = append(keys, key)
		}
		sort.Strings(keys)
		for _, key := range keys {
			val := x[key]
			m, _ := val.(map[string]any)
			switch {
			case strings.HasPrefix(key, "PLpgSQL_stmt_") && !plpgsqlQuiet[key]:
				a.fail("its function runs " + strings.TrimPrefix(key, "PLpgSQL_stmt_") + ", which may change what the running version's writes do or fail them")
				continue
			case key == "PLpgSQL_stmt_assign":
				varno, _ := m["varno"].(float64)
				if _, ok := a.vars[int(varno)]; !ok {
					a.fail("its function assigns to a row or record, not a variable of its own")
					continue
				}
				e, _ := m["expr"].(map[string]any)
				a.assigns = append(a.assigns, assign{int(varno), a.sql(e["PLpgSQL_expr"], true)})
				continue
			case key == "PLpgSQL_stmt_case":
				if has, _ := m["have_else"].(bool); !has {
					a.fail("its function has a CASE without ELSE, which fails (20000) when no WHEN matches")
				}
			case key == "PLpgSQL_stmt_raise":
				if level, _ := m["elog_level"].(float64); level >= elogError {
					a.fail("its function raises an error, which fails the running version's write")
				}
			case key == "PLpgSQL_expr":
				mode, _ := m["parseMode"].(float64)
				a.exprs = append(a.exprs, a.sql(m, mode != 0))
				continue
			}
			a.stmts(val)
		}
	}
}

// sql parses a PL/pgSQL expression: a statement (PERFORM's SELECT), or a value.
func (a *trigRead) sql(v any, value bool) *pgq.Node {
	m, _ := v.(map[string]any)
	q, _ := m["query"].(string)
	if value {
		if i := strings.Index(q, ":="); i >= 0 {
			q = q[i+2:]
		}
		q = "SELECT " + q
	}
	stmts, err := parseSQL(q)
	if err != nil || len(stmts) != 1 {
		a.fail("Greenlight cannot parse an expression of its function")
		return nil
	}
	sel := stmts[0].node.GetSelectStmt()
	if sel == nil || sel.FromClause != nil || sel.WhereClause != nil || sel.WithClause != nil || sel.GroupClause != nil ||
		sel.HavingClause != nil || sel.ValuesLists != nil || sel.Op != pgq.SetOperation_SETOP_NONE || len(sel.TargetList) != 1 {
		a.fail("its function runs a query (" + oneLine(q) + ")")
		return nil
	}
	return sel.TargetList[0].GetResTarget().GetVal()
}

// width is the longest text (in bytes) e may be, or unbounded, and why e may fail or do
// what the running version can see ("" when it cannot).
func (a *trigRead) width(e *pgq.Node) (int, string) {
	switch {
	case e == nil:
		return 0, "Greenlight cannot read an expression of its function"
	case e.GetAConst() != nil:
		c := e.GetAConst()
		switch {
		case c.Isnull:
			return 0, ""
		case c.GetSval() != nil:
			return len(c.GetSval().Sval), ""
		case c.GetFval() != nil:
			return len(c.GetFval().Fval), ""
		}
		return 11, ""
	case e.GetColumnRef() != nil:
		return a.columnRef(e.GetColumnRef())
	case e.GetAIndirection() != nil:
		ind := e.GetAIndirection()
		ref := ind.Arg.GetColumnRef()
		if ref == nil || len(ref.Fields) != 1 || ref.Fields[0].GetString_().GetSval() != "tg_argv" || len(ind.Indirection) != 1 {
			return 0, "its function reads an array or field Greenlight cannot bound"
		}
		ix := ind.Indirection[0].GetAIndices()
		if ix == nil || ix.IsSlice || ix.Uidx.GetAConst().GetIval() == nil {
			return 0, "its function reads TG_ARGV at an index that is not a constant"
		}
		if i := int(ix.Uidx.GetAConst().GetIval().Ival); i >= 0 && i < len(a.args) {
			return len(a.args[i]), ""
		}
		return 0, "" // NULL
	case e.GetTypeCast() != nil:
		tc := e.GetTypeCast()
		w, why := a.width(tc.Arg)
		name, mods, arr := typeOf(tc.TypeName)
		switch {
		case why != "":
			return 0, why
		case !arr && len(mods) == 0 && (name == "text" || name == "varchar"):
			return w, ""
		case !arr && (name == "json" || name == "jsonb") && jsonMaker(tc.Arg):
			return grow(w, 2, 2), "" // jsonb spells ": " and ", " where json may not
		}
		return 0, "its function casts to " + typeString(tc.TypeName) + ", which may fail on the running version's values"
	case e.GetAExpr() != nil:
		x := e.GetAExpr()
		lw, lwhy := a.width(x.Lexpr)
		if x.Kind == pgq.A_Expr_Kind_AEXPR_IN {
			lwhy = firstWhy(lwhy, a.all(x.Rexpr.GetList().GetItems()))
			return 5, lwhy
		}
		rw, rwhy := a.width(x.Rexpr)
		if why := firstWhy(lwhy, rwhy); why != "" {
			return 0, why
		}
		op := lastName(x.Name)
		switch {
		case x.Kind == pgq.A_Expr_Kind_AEXPR_DISTINCT || x.Kind == pgq.A_Expr_Kind_AEXPR_NOT_DISTINCT:
			return 5, ""
		case x.Kind != pgq.A_Expr_Kind_AEXPR_OP || len(x.Name) != 1:
		case op == "=" || op == "<>" || op == "!=" || op == "<" || op == ">" || op == "<=" || op == ">=":
			return 5, ""
		case op == "||" && x.Lexpr != nil:
			return sum(lw, rw), ""
		}
		return 0, "its function uses the operator " + op + ", which may fail on the running version's values"
	case e.GetBoolExpr() != nil:
		return 5, a.all(e.GetBoolExpr().Args)
	case e.GetNullTest() != nil:
		_, why := a.width(e.GetNullTest().Arg)
		return 5, why
	case e.GetBooleanTest() != nil:
		_, why := a.width(e.GetBooleanTest().Arg)
		return 5, why
	case e.GetCoalesceExpr() != nil:
		w := 0
		for _, arg := range e.GetCoalesceExpr().Args {
			aw, why := a.width(arg)
			if why != "" {
				return 0, why
			}
			w = widest(w, aw)
		}
		return w, ""
	case e.GetCaseExpr() != nil:
		ce := e.GetCaseExpr()
		why := ""
		if ce.Arg != nil {
			_, why = a.width(ce.Arg)
		}
		w, dwhy := 0, ""
		if ce.Defresult != nil {
			w, dwhy = a.width(ce.Defresult)
		}
		why = firstWhy(why, dwhy)
		for _, wn := range ce.Args {
			cw := wn.GetCaseWhen()
			_, cwhy := a.width(cw.GetExpr())
			rw, rwhy := a.width(cw.GetResult())
			why = firstWhy(why, cwhy, rwhy)
			w = widest(w, rw)
		}
		return w, why
	case e.GetSqlvalueFunction() != nil:
		return 64, ""
	case e.GetFuncCall() != nil:
		return a.call(e.GetFuncCall())
	}
	return 0, "its function has an expression Greenlight cannot show to neither fail nor write (" + nodeKind(e) + ")"
}

func nodeKind(e *pgq.Node) string {
	s := fmt.Sprintf("%T", e.GetNode())
	return strings.TrimPrefix(strings.TrimPrefix(s, "*pg_query.Node_"), "*")
}

func (a *trigRead) all(args []*pgq.Node) string {
	for _, arg := range args {
		if _, why := a.width(arg); why != "" {
			return why
		}
	}
	return ""
}

// jsonMaker reports whether e builds JSON (whose cast to json or jsonb cannot fail).
func jsonMaker(e *pgq.Node) bool {
	f := e.GetFuncCall()
	if f == nil {
		return false
	}
	switch lastName(f.Funcname) {
	case "json_build_object", "jsonb_build_object", "json_build_array", "jsonb_build_array", "row_to_json", "to_json", "to_jsonb":
		return true
	}
	return false
}

func sum(ws ...int) int {
	t := 0
	for _, w := range ws {
		if w == unbounded {
			return unbounded
		}
		t += w
	}
	return t
}

func widest(a, b int) int {
	if a == unbounded || b == unbounded {
		return unbounded
	}
	return max(a, b)
}

// grow is w*factor+extra, unbounded staying so.
func grow(w, factor, extra int) int {
	if w == unbounded {
		return unbounded
	}
	return w*factor + extra
}

// inJSON is the longest a value of text width w is inside JSON: quoted, each byte escaped as
// \u00XX at worst.
func inJSON(w int) int { return grow(w, 6, 2) }

func (a *trigRead) columnRef(r *pgq.ColumnRef) (int, string) {
	var names []string
	for _, f := range r.Fields {
		s := f.GetString_()
		if s == nil {
			return 0, "its function reads a whole row with *"
		}
		names = append(names, strings.ToLower(s.Sval))
	}
	// NEW and OLD are NULL where the event has no such row (the manual, PL/pgSQL 43.10.1: in
	// statement-level triggers, NEW for DELETE and OLD for INSERT), and a field of NULL is
	// NULL, no error (measured on 15: TestQuietTriggerOnPostgres).
	switch {
	case len(names) == 1 && (names[0] == "new" || names[0] == "old"):
		return unbounded, ""
	case len(names) == 1:
		switch names[0] {
		case "tg_op":
			return 8, ""
		case "tg_name", "tg_table_name", "tg_table_schema", "tg_relname":
			return nameBytes, ""
		case "tg_when", "tg_level", "tg_nargs":
			return 11, ""
		}
		for no, v := range a.vars {
			if v == names[0] {
				if a.widths == nil {
					return 0, ""
				}
				return a.widths[no], ""
			}
		}
		return 0, "its function reads " + names[0] + ", which Greenlight cannot place"
	case len(names) == 2 && (names[0] == "new" || names[0] == "old"):
		tn, ok := a.k.cols[a.table+"."+names[1]]
		if !ok {
			return 0, "its function reads " + names[0] + "." + names[1] + ", a column Greenlight does not know " + a.table + " to have"
		}
		a.cols = append(a.cols, names[1])
		return textWidth(tn), ""
	}
	return 0, "its function reads " + strings.Join(names, ".") + ", which Greenlight cannot place"
}

// textWidth is the longest text form (in bytes) of a value of the type, or unbounded: from
// the manual's chapter 8 (Data Types), with UTF-8's 4 bytes a character for varchar(n).
func textWidth(tn *pgq.TypeName) int {
	name, mods, arr := typeOf(tn)
	if arr {
		return unbounded
	}
	if n, ok := serialTypes[name]; ok {
		name = n
	}
	switch name {
	case "bool":
		return 5
	case "int2":
		return 6
	case "int4":
		return 11
	case "int8":
		return 20
	case "float4", "float8":
		return 24
	case "uuid":
		return 36
	case "date", "time", "timetz", "timestamp", "timestamptz":
		return 40
	case "varchar", "bpchar":
		if len(mods) == 1 {
			return int(mods[0]) * 4
		}
	case "numeric":
		if len(mods) >= 1 {
			return int(mods[0]) + 3
		}
	}
	return unbounded
}

// call is the width of a function call a quiet trigger may make, or why it may not.
func (a *trigRead) call(f *pgq.FuncCall) (int, string) {
	name := lastName(f.Funcname)
	if s := strs(f.Funcname); len(s) > 1 && s[0] != "pg_catalog" || f.AggStar || f.Over != nil || f.AggFilter != nil || f.AggOrder != nil || f.FuncVariadic {
		return 0, "its function calls " + strings.Join(strs(f.Funcname), ".") + ", which Greenlight cannot show to neither fail nor write"
	}
	ws := make([]int, len(f.Args))
	for i, arg := range f.Args {
		w, why := a.width(arg)
		if why != "" {
			return 0, why
		}
		ws[i] = w
	}
	switch {
	case name == "pg_notify" && len(f.Args) == 2:
		ch, ok := a.constText(f.Args[0])
		switch {
		case !ok:
			return 0, "its function notifies a channel whose name is not a constant"
		case ch == "" || len(ch) > nameBytes:
			return 0, "its function notifies a channel named " + fmt.Sprintf("%q", ch) + ", which pg_notify refuses (22023: empty or longer than 63 bytes)"
		case ws[1] == unbounded || ws[1] >= notifyPayloadLimit:
			return 0, "its notification's payload may be 8000 bytes or longer, which pg_notify refuses (22023) and which fails the running version's write; build it from bounded columns (ids, not whole rows or text)"
		}
		if !contains(a.channels, ch) {
			a.channels = append(a.channels, ch)
		}
		return 0, ""
	case (name == "row_to_json" || name == "to_json" || name == "to_jsonb") && len(f.Args) == 1:
		return inJSON(ws[0]), ""
	case (name == "json_build_object" || name == "jsonb_build_object") && len(f.Args)%2 == 0:
		t := 2
		for i := 0; i < len(f.Args); i += 2 {
			if c := f.Args[i].GetAConst(); c == nil || c.Isnull {
				return 0, "its function builds JSON with a key that is not a constant, which fails when it is NULL"
			}
			t = sum(t, inJSON(ws[i]), inJSON(ws[i+1]), 5)
		}
		return t, ""
	case name == "json_build_array" || name == "jsonb_build_array":
		t := 2
		for _, w := range ws {
			t = sum(t, inJSON(w), 2)
		}
		return t, ""
	case name == "concat":
		return sum(ws...), ""
	case name == "concat_ws" && len(ws) > 0:
		return sum(append(ws, grow(ws[0], len(ws), 0))...), ""
	case (name == "lower" || name == "upper") && len(ws) == 1:
		return grow(ws[0], 3, 0), "" // a case mapping may lengthen a character's UTF-8
	case (name == "now" || name == "clock_timestamp" || name == "statement_timestamp" || name == "transaction_timestamp") && len(ws) == 0:
		return 64, ""
	}
	return 0, "its function calls " + name + ", which Greenlight cannot show to neither fail nor write"
}

// constText is the value of a text constant or of TG_ARGV at a constant index.
func (a *trigRead) constText(e *pgq.Node) (string, bool) {
	if tc := e.GetTypeCast(); tc != nil {
		if n, _, _ := typeOf(tc.TypeName); n == "text" || n == "varchar" {
			e = tc.Arg
		}
	}
	if s := e.GetAConst().GetSval(); s != nil {
		return s.Sval, true
	}
	if ind := e.GetAIndirection(); ind != nil && len(ind.Indirection) == 1 {
		if ref := ind.Arg.GetColumnRef(); ref != nil && len(ref.Fields) == 1 && ref.Fields[0].GetString_().GetSval() == "tg_argv" {
			if ix := ind.Indirection[0].GetAIndices(); ix != nil && !ix.IsSlice && ix.Uidx.GetAConst().GetIval() != nil {
				if i := int(ix.Uidx.GetAConst().GetIval().Ival); i >= 0 && i < len(a.args) {
					return a.args[i], true
				}
			}
		}
	}
	return "", false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// firstWhy is the first reason given, or "".
func firstWhy(whys ...string) string {
	for _, w := range whys {
		if w != "" {
			return w
		}
	}
	return ""
}

// triggerAbsent reports whether the database says the table has no trigger of t's name and no
// statement before this one may have made one: none of the folder creates or renames one to
// that name, and none does what Greenlight cannot read. CREATE OR REPLACE TRIGGER then replaces
// nothing.
func (k *knowledge) triggerAbsent(t *pgq.CreateTrigStmt) bool {
	if k.cat == nil || k.sawOpaque || k.triggers[rvKey(t.Relation)+"."+t.Trigname] {
		return false
	}
	exists, err := k.cat.Trigger(k.ctx, t.Relation.GetSchemaname(), t.Relation.GetRelname(), t.Trigname)
	return err == nil && !exists
}
