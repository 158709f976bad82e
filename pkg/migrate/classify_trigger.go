package migrate

import (
	"fmt"
	"regexp"
	"slices"
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
	// trigger is true for a function without parameters that returns trigger: the one a
	// trigger's EXECUTE FUNCTION name() calls (another of the same name is an overload).
	trigger bool
}

// functionDef is a CREATE FUNCTION's schema (as written), language and body.
func functionDef(f *pgq.CreateFunctionStmt) fileFunc {
	ret, _, _ := typeOf(f.ReturnType)
	def := fileFunc{lang: "sql", trigger: len(f.Parameters) == 0 && ret == "trigger" && f.ReturnType != nil && !f.ReturnType.Setof}
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
	case !created || def.schema != schema || !def.trigger:
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
			w := a.width(as.expr).w
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
		if v := a.width(e); v.why != "" {
			return false, v.why
		}
	}
	for _, e := range a.conds {
		if v := a.width(e); v.why != "" || v.cls != clsBool && v.cls != clsNull {
			return false, firstWhy(v.why, "its function uses a "+v.cls+" value as a condition, which fails (22P02 or 42804)")
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

// trigRead reads a trigger function's PL/pgSQL tree: what it may do, the type of each value
// (PL/pgSQL resolves its expressions' types only when they run, so a type mismatch is a
// failure of the running version's write, not of the migration), and how long the values it
// builds may be.
type trigRead struct {
	k        *knowledge
	table    string
	args     []string // TG_ARGV
	vars     map[int]string
	caseVars map[int]*pgq.Node // the variable a simple CASE compares, → its expression
	assigns  []assign
	exprs    []*pgq.Node
	conds    []*pgq.Node // IF, ELSIF and CASE WHEN conditions: booleans
	widths   map[int]int
	channels []string
	cols     []string // the columns whose type bounds a payload
	why      string
}

type assign struct {
	varno int
	expr  *pgq.Node
}

// The types a quiet trigger's expressions may have, coarsely: values of two classes compare
// (or concatenate) without a failure that depends on the row.
const (
	clsText    = "text"    // text, varchar, char, name
	clsUnknown = "unknown" // a string literal: it takes the other side's type
	clsNull    = "null"
	clsNum     = "number"
	clsBool    = "boolean"
	clsUUID    = "uuid"
	clsTime    = "date/time"
	clsJSON    = "json"
	clsJSONB   = "jsonb"
	clsRecord  = "record"
	clsVoid    = "void"
	clsOther   = "other"
)

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

// textVarType reports whether a PL/pgSQL variable's declared type is text or varchar without
// a length, which takes any text value it is assigned (a length, char(n) or another type may
// refuse or pad one).
func textVarType(typname string) bool {
	t := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(strings.TrimSpace(typname), "pg_catalog."), `"`, ""))
	return t == "text" || t == "varchar" || t == "character varying"
}

func (a *trigRead) read(tree any) {
	a.vars, a.caseVars = map[int]string{}, map[int]*pgq.Node{}
	fns, _ := tree.([]any)
	if len(fns) != 1 {
		a.fail("its function's body is not one PL/pgSQL function")
		return
	}
	f, _ := fns[0].(map[string]any)["PLpgSQL_function"].(map[string]any)
	datums, _ := f["datums"].([]any)
	for i, d := range datums {
		m, _ := d.(map[string]any)
		v, ok := m["PLpgSQL_var"].(map[string]any)
		if !ok {
			continue
		}
		name, _ := v["refname"].(string)
		name = strings.ToLower(name)
		typ, _ := v["datatype"].(map[string]any)["PLpgSQL_type"].(map[string]any)
		typname, _ := typ["typname"].(string)
		notNull, _ := v["notnull"].(bool)
		switch {
		case name == "found" || strings.HasPrefix(name, "__case__variable_"):
			continue // PL/pgSQL's own
		case !textVarType(typname) || notNull:
			a.fail("its function declares " + name + " as " + typname + map[bool]string{true: " NOT NULL", false: ""}[notNull] + ", which may refuse a value assigned to it; Greenlight reads only text variables")
		}
		a.vars[i] = name
		if dv, ok := v["default_val"].(map[string]any); ok {
			a.assigns = append(a.assigns, assign{i, a.sql(dv["PLpgSQL_expr"], true)})
		}
	}
	a.stmts(f["action"])
}

// expr parses a PL/pgSQL expression map (its "PLpgSQL_expr" value) as a value.
func (a *trigRead) expr(v any) *pgq.Node {
	m, _ := v.(map[string]any)
	return a.sql(m["PLpgSQL_expr"], true)
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
				a.assigns = append(a.assigns, assign{int(varno), a.expr(m["expr"])})
				continue
			case key == "PLpgSQL_stmt_if" || key == "PLpgSQL_if_elsif":
				a.conds = append(a.conds, a.expr(m["cond"]))
				delete(m, "cond")
			case key == "PLpgSQL_stmt_case":
				if has, _ := m["have_else"].(bool); !has {
					a.fail("its function has a CASE without ELSE, which fails (20000) when no WHEN matches")
				}
				if t, ok := m["t_expr"]; ok {
					varno, _ := m["t_varno"].(float64)
					a.caseVars[int(varno)] = a.expr(t)
					delete(m, "t_expr")
				}
			case key == "PLpgSQL_case_when":
				a.conds = append(a.conds, a.expr(m["expr"]))
				delete(m, "expr")
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

// val is what reading an expression tells: the longest text (in bytes) it may be, or
// unbounded; its class; and why it may fail or do what the running version can see ("" when
// it cannot).
type val struct {
	w   int
	cls string
	why string
}

func bad(why string) val { return val{cls: clsOther, why: why} }

// comparable reports whether values of two classes compare without a failure that depends on
// the row: the same class (a string literal counts as text), NULL with anything, and not json
// (no equality), records (their columns' equality is not known) or other types.
func comparable(x, y string) bool {
	if x == clsNull || y == clsNull {
		return true
	}
	if x == clsUnknown {
		x = clsText
	}
	if y == clsUnknown {
		y = clsText
	}
	return x == y && x != clsJSON && x != clsRecord && x != clsOther && x != clsVoid
}

// width reads e (see val).
func (a *trigRead) width(e *pgq.Node) val {
	switch {
	case e == nil:
		return bad("Greenlight cannot read an expression of its function")
	case e.GetAConst() != nil:
		c := e.GetAConst()
		switch {
		case c.Isnull:
			return val{0, clsNull, ""}
		case c.GetSval() != nil:
			return val{len(c.GetSval().Sval), clsUnknown, ""}
		case c.GetFval() != nil:
			return val{len(c.GetFval().Fval), clsNum, ""}
		case c.GetBoolval() != nil:
			return val{5, clsBool, ""}
		}
		return val{11, clsNum, ""}
	case e.GetColumnRef() != nil:
		return a.columnRef(e.GetColumnRef())
	case e.GetAIndirection() != nil:
		if s, ok := a.constText(e); ok {
			return val{len(s), clsText, ""}
		}
		ind := e.GetAIndirection()
		if ref := ind.Arg.GetColumnRef(); ref != nil && len(ref.Fields) == 1 && ref.Fields[0].GetString_().GetSval() == "tg_argv" && len(ind.Indirection) == 1 {
			if ix := ind.Indirection[0].GetAIndices(); ix != nil && !ix.IsSlice && ix.Uidx.GetAConst().GetIval() != nil {
				return val{0, clsNull, ""} // beyond the arguments: NULL
			}
		}
		return bad("its function reads an array or field Greenlight cannot bound")
	case e.GetTypeCast() != nil:
		tc := e.GetTypeCast()
		v := a.width(tc.Arg)
		name, mods, arr := typeOf(tc.TypeName)
		switch {
		case v.why != "":
			return v
		case !arr && len(mods) == 0 && (name == "text" || name == "varchar"):
			return val{v.w, clsText, ""} // every type has a text output
		case !arr && (name == "json" || name == "jsonb") && jsonMaker(tc.Arg):
			return val{grow(v.w, 2, 2), map[string]string{"json": clsJSON, "jsonb": clsJSONB}[name], ""} // jsonb spells ": " and ", " where json may not
		}
		return bad("its function casts to " + typeString(tc.TypeName) + ", which may fail on the running version's values")
	case e.GetAExpr() != nil:
		return a.aExpr(e.GetAExpr())
	case e.GetBoolExpr() != nil:
		for _, arg := range e.GetBoolExpr().Args {
			if v := a.width(arg); v.why != "" {
				return v
			} else if v.cls != clsBool && v.cls != clsNull {
				return bad("its function uses a " + v.cls + " value as a condition, which fails (22P02 or 42804)")
			}
		}
		return val{5, clsBool, ""}
	case e.GetNullTest() != nil:
		if v := a.width(e.GetNullTest().Arg); v.why != "" {
			return v
		}
		return val{5, clsBool, ""}
	case e.GetBooleanTest() != nil:
		if v := a.width(e.GetBooleanTest().Arg); v.why != "" || v.cls != clsBool && v.cls != clsNull {
			return bad(firstWhy(v.why, "its function tests a "+v.cls+" value as a boolean"))
		}
		return val{5, clsBool, ""}
	case e.GetCoalesceExpr() != nil:
		return a.same("COALESCE", e.GetCoalesceExpr().Args)
	case e.GetCaseExpr() != nil:
		ce := e.GetCaseExpr()
		var arg val
		if ce.Arg != nil {
			if arg = a.width(ce.Arg); arg.why != "" {
				return arg
			}
		}
		var results []*pgq.Node
		for _, wn := range ce.Args {
			cw := wn.GetCaseWhen()
			c := a.width(cw.GetExpr())
			switch {
			case c.why != "":
				return c
			case ce.Arg != nil && !comparable(arg.cls, c.cls):
				return bad("its function compares a " + arg.cls + " value with a " + c.cls + " one, which may fail on the running version's values")
			case ce.Arg == nil && c.cls != clsBool && c.cls != clsNull:
				return bad("its function uses a " + c.cls + " value as a condition, which fails (22P02 or 42804)")
			}
			results = append(results, cw.GetResult())
		}
		if ce.Defresult != nil {
			results = append(results, ce.Defresult)
		}
		return a.same("CASE", results)
	case e.GetSqlvalueFunction() != nil:
		return val{64, clsTime, ""}
	case e.GetFuncCall() != nil:
		return a.call(e.GetFuncCall())
	}
	return bad("its function has an expression Greenlight cannot show to neither fail nor write (" + nodeKind(e) + ")")
}

// same reads values that must share one class (COALESCE's arguments, CASE's results): the
// widest of them.
func (a *trigRead) same(what string, args []*pgq.Node) val {
	out := val{0, clsNull, ""}
	for _, arg := range args {
		v := a.width(arg)
		switch {
		case v.why != "":
			return v
		case out.cls == clsNull || out.cls == clsUnknown && v.cls == clsText:
			out.cls = v.cls
		case v.cls == clsNull || v.cls == clsUnknown && out.cls == clsText:
		case v.cls != out.cls:
			return bad("its function's " + what + " mixes " + out.cls + " and " + v.cls + " values, which fails (42804)")
		}
		out.w = widest(out.w, v.w)
	}
	return out
}

func (a *trigRead) aExpr(x *pgq.A_Expr) val {
	l := val{0, clsNull, ""}
	if x.Lexpr != nil {
		l = a.width(x.Lexpr)
	}
	if l.why != "" {
		return l
	}
	if x.Kind == pgq.A_Expr_Kind_AEXPR_IN {
		for _, item := range x.Rexpr.GetList().GetItems() {
			v := a.width(item)
			if v.why != "" {
				return v
			}
			if !comparable(l.cls, v.cls) || a.k.userOps {
				return bad("its function compares a " + l.cls + " value with a " + v.cls + " one, which may fail on the running version's values")
			}
		}
		return val{5, clsBool, ""}
	}
	r := a.width(x.Rexpr)
	if r.why != "" {
		return r
	}
	op := lastName(x.Name)
	compare := x.Kind == pgq.A_Expr_Kind_AEXPR_DISTINCT || x.Kind == pgq.A_Expr_Kind_AEXPR_NOT_DISTINCT ||
		x.Kind == pgq.A_Expr_Kind_AEXPR_OP && len(x.Name) == 1 && (op == "=" || op == "<>" || op == "!=" || op == "<" || op == ">" || op == "<=" || op == ">=")
	switch {
	case compare && x.Lexpr != nil && comparable(l.cls, r.cls) && !a.k.userOps:
		return val{5, clsBool, ""}
	case compare:
		return bad("its function compares a " + l.cls + " value with a " + r.cls + " one, which may fail on the running version's values (22P02, 42883)")
	case x.Kind == pgq.A_Expr_Kind_AEXPR_OP && len(x.Name) == 1 && op == "||" && x.Lexpr != nil && !a.k.userOps && concatenable(l.cls, r.cls):
		return val{sum(l.w, r.w), clsText, ""}
	}
	return bad("its function uses the operator " + op + " on " + l.cls + " and " + r.cls + " values, which may fail on the running version's values")
}

// concatenable reports whether || joins the two into text: text (or a string literal, or NULL)
// on one side and a value of a type with a text output, not an array, on the other (the
// manual, 9.4: text || anynonarray).
func concatenable(x, y string) bool {
	textual := func(c string) bool { return c == clsText || c == clsUnknown || c == clsNull }
	scalar := func(c string) bool {
		return c != clsRecord && c != clsOther && c != clsVoid && c != clsJSON && c != clsJSONB
	}
	return textual(x) && scalar(y) || textual(y) && scalar(x)
}

func nodeKind(e *pgq.Node) string {
	s := fmt.Sprintf("%T", e.GetNode())
	return strings.TrimPrefix(strings.TrimPrefix(s, "*pg_query.Node_"), "*")
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

func (a *trigRead) columnRef(r *pgq.ColumnRef) val {
	var names []string
	for _, f := range r.Fields {
		s := f.GetString_()
		if s == nil {
			return bad("its function reads a whole row with *")
		}
		names = append(names, strings.ToLower(s.Sval))
	}
	// NEW and OLD are NULL where the event has no such row (the manual, PL/pgSQL 43.10.1: in
	// statement-level triggers, NEW for DELETE and OLD for INSERT), and a field of NULL is
	// NULL, no error (measured on 15: TestQuietTriggerOnPostgres).
	switch {
	case len(names) == 1 && (names[0] == "new" || names[0] == "old"):
		return val{unbounded, clsRecord, ""}
	case len(names) == 1:
		switch names[0] {
		case "tg_op":
			return val{8, clsText, ""}
		case "tg_name", "tg_table_name", "tg_table_schema", "tg_relname":
			return val{nameBytes, clsText, ""}
		case "tg_when", "tg_level":
			return val{11, clsText, ""}
		case "tg_nargs":
			return val{11, clsNum, ""}
		}
		for no, v := range a.vars {
			if v == names[0] {
				return val{a.widths[no], clsText, ""}
			}
		}
		for no, e := range a.caseVars {
			if fmt.Sprintf("__case__variable_%d__", no) == names[0] {
				return a.width(e)
			}
		}
		return bad("its function reads " + names[0] + ", which Greenlight cannot place")
	case len(names) == 2 && (names[0] == "new" || names[0] == "old"):
		tn, ok := a.k.cols[a.table+"."+names[1]]
		if !ok {
			return bad("its function reads " + names[0] + "." + names[1] + ", a column Greenlight does not know " + a.table + " to have")
		}
		if !slices.Contains(a.cols, names[1]) {
			a.cols = append(a.cols, names[1])
		}
		return val{textWidth(tn), typeClass(tn), ""}
	}
	return bad("its function reads " + strings.Join(names, ".") + ", which Greenlight cannot place")
}

// typeClass is the class of a column's type (see the cls constants).
func typeClass(tn *pgq.TypeName) string {
	name, _, arr := typeOf(tn)
	if arr {
		return clsOther
	}
	if n, ok := serialTypes[name]; ok {
		name = n
	}
	switch name {
	case "text", "varchar", "bpchar", "name":
		return clsText
	case "int2", "int4", "int8", "numeric", "float4", "float8":
		return clsNum
	case "bool":
		return clsBool
	case "uuid":
		return clsUUID
	case "date", "time", "timetz", "timestamp", "timestamptz":
		return clsTime
	case "json":
		return clsJSON
	case "jsonb":
		return clsJSONB
	}
	return clsOther
}

// textWidth is the longest text form (in bytes) of a value of the type, or unbounded: from
// the manual's chapter 8 (Data Types), with UTF-8's 4 bytes a character for varchar(n) and
// char(n), and numeric(p,s) at most p digits, |s| more zeros or decimals, a sign and a point.
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
		if len(mods) == 1 && mods[0] > 0 {
			return int(mods[0]) * 4
		}
	case "numeric":
		if len(mods) >= 1 && mods[0] > 0 {
			s := int64(0)
			if len(mods) == 2 {
				s = mods[1]
			}
			if s < 0 {
				s = -s
			}
			return int(mods[0]+s) + 3
		}
	}
	return unbounded
}

// call reads a function call a quiet trigger may make, or says why it may not.
func (a *trigRead) call(f *pgq.FuncCall) val {
	name := lastName(f.Funcname)
	if s := strs(f.Funcname); len(s) > 1 && s[0] != "pg_catalog" || f.AggStar || f.Over != nil || f.AggFilter != nil || f.AggOrder != nil || f.FuncVariadic {
		return bad("its function calls " + strings.Join(strs(f.Funcname), ".") + ", which Greenlight cannot show to neither fail nor write")
	}
	if a.k.funcs[name] || a.k.sawOpaque {
		// A function of that name the folder made (or may have made) may be the one the call
		// resolves to: an exact match in the search path wins over pg_catalog's.
		return bad("its function calls " + name + ", and a function of that name may be one a migration made")
	}
	vs := make([]val, len(f.Args))
	for i, arg := range f.Args {
		if vs[i] = a.width(arg); vs[i].why != "" {
			return vs[i]
		}
	}
	textual := func(v val) bool { return v.cls == clsText || v.cls == clsUnknown || v.cls == clsNull }
	switch {
	case name == "pg_notify" && len(vs) == 2:
		ch, ok := a.constText(f.Args[0])
		switch {
		case !ok:
			return bad("its function notifies a channel whose name is not a constant")
		case ch == "" || len(ch) > nameBytes:
			return bad("its function notifies a channel named " + fmt.Sprintf("%q", ch) + ", which pg_notify refuses (22023: empty or longer than 63 bytes)")
		case !textual(vs[1]):
			return bad("its notification's payload is a " + vs[1].cls + " value, for which pg_notify(text, text) has no form (42883)")
		case vs[1].w == unbounded || vs[1].w >= notifyPayloadLimit:
			return bad("its notification's payload may be 8000 bytes or longer, which pg_notify refuses (22023) and which fails the running version's write; build it from bounded columns (ids, not whole rows or text)")
		}
		if !slices.Contains(a.channels, ch) {
			a.channels = append(a.channels, ch)
		}
		return val{0, clsVoid, ""}
	case (name == "row_to_json" || name == "to_json" || name == "to_jsonb") && len(vs) == 1:
		if name == "row_to_json" && vs[0].cls != clsRecord {
			return bad("its function calls row_to_json on a " + vs[0].cls + " value (42883)")
		}
		return val{inJSON(vs[0].w), map[bool]string{true: clsJSONB, false: clsJSON}[name == "to_jsonb"], ""}
	case (name == "json_build_object" || name == "jsonb_build_object") && len(vs)%2 == 0:
		t := 2
		for i := 0; i < len(vs); i += 2 {
			if c := f.Args[i].GetAConst(); c == nil || c.Isnull {
				return bad("its function builds JSON with a key that is not a constant, which fails when it is NULL")
			}
			t = sum(t, inJSON(vs[i].w), inJSON(vs[i+1].w), 5)
		}
		return val{t, map[bool]string{true: clsJSONB, false: clsJSON}[name == "jsonb_build_object"], ""}
	case name == "json_build_array" || name == "jsonb_build_array":
		t := 2
		for _, v := range vs {
			t = sum(t, inJSON(v.w), 2)
		}
		return val{t, map[bool]string{true: clsJSONB, false: clsJSON}[name == "jsonb_build_array"], ""}
	case name == "concat":
		t := 0
		for _, v := range vs {
			t = sum(t, v.w)
		}
		return val{t, clsText, ""}
	case name == "concat_ws" && len(vs) > 0 && textual(vs[0]):
		t := grow(vs[0].w, len(vs), 0)
		for _, v := range vs[1:] {
			t = sum(t, v.w)
		}
		return val{t, clsText, ""}
	case (name == "lower" || name == "upper") && len(vs) == 1 && textual(vs[0]):
		return val{grow(vs[0].w, 3, 0), clsText, ""} // a case mapping may lengthen a character's UTF-8
	case (name == "now" || name == "clock_timestamp" || name == "statement_timestamp" || name == "transaction_timestamp") && len(vs) == 0:
		return val{64, clsTime, ""}
	}
	return bad("its function calls " + name + " with arguments Greenlight cannot show to neither fail nor write")
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
