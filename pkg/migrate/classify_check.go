package migrate

import (
	"math/big"
	"slices"
	"strings"

	pgq "github.com/pganalyze/pg_query_go/v6"
)

// A CHECK constraint refuses a row only when its expression is false: "a check constraint is
// satisfied if the check expression evaluates to true or the null value" (the manual, 5.4.1).
// A CHECK that the rows of the running version always satisfy cannot refuse its writes. Those
// rows leave every column added earlier in the same migration as the migration left it: NULL
// without a default, or the default's constant (the running version names only the columns it
// knows). checkHolds evaluates the expression in SQL's three-valued logic over those values,
// with every other column unknown, and says whether it is true or null whatever the unknown
// columns hold. What it cannot evaluate exactly (a function, a cast it cannot follow, an
// ordering of strings, which depends on the collation) is unknown, so the answer stays "may
// refuse".

// truth is a three-valued truth value, and unknown for "any of them".
type truth int

const (
	tUnknown truth = iota
	tTrue
	tFalse
	tNull
)

// checkHolds reports whether expr is true or null on every row whose columns named in vals
// have those values (nil for NULL), whatever the others hold.
func checkHolds(expr *pgq.Node, vals map[string]*pgq.A_Const) bool {
	if constFails(expr) {
		return false // PostgreSQL folds the constant when it plans the check, on every write
	}
	v := evalTruth(expr, vals)
	return v == tTrue || v == tNull
}

// newColumnValues are the values the running version's rows have in the columns of table
// added earlier in this migration: NULL, or the default's constant. Empty once the migration
// wrote rows of the table (they may hold other values).
func (k *knowledge) newColumnValues(table string) map[string]*pgq.A_Const {
	vals := map[string]*pgq.A_Const{}
	if k.wrote[table] || k.unsure(table) {
		return vals
	}
	for key, null := range k.newCols {
		t, col, ok := strings.Cut(key, ".")
		if !ok || t != table || k.defaultSet[key] {
			continue
		}
		switch {
		case null:
			vals[col] = nil
		case k.newConst[key] != nil: // only a constant stored as written (exactConst)
			vals[col] = literalValue(k.newConst[key])
		}
	}
	return vals
}

// newOnlyInsertValues are the values the running version's INSERTs give the columns expr
// reads, when it reads only columns of table added in this migration, each left NULL or filled
// with a constant default (ok); the rows the migration wrote do not matter to it (unlike
// newColumnValues). Not ok when expr reads another column, a whole row, or one whose value
// an INSERT gets is not known.
func (k *knowledge) newOnlyInsertValues(table string, expr *pgq.Node) (map[string]*pgq.A_Const, bool) {
	if k.unsure(table) || expr == nil {
		return nil, false
	}
	vals := map[string]*pgq.A_Const{}
	ok := true
	walk(expr, func(r protoreflectMessage) {
		cr, isRef := r.Interface().(*pgq.ColumnRef)
		if !isRef {
			return
		}
		f := cr.Fields
		if len(f) == 0 || f[len(f)-1].GetString_() == nil {
			ok = false // a whole row (t.*)
			return
		}
		col := f[len(f)-1].GetString_().Sval
		key := table + "." + col
		null, isNew := k.newCols[key]
		switch {
		case !isNew:
			ok = false
		case null && !k.defaultSet[key]:
			vals[col] = nil
		case k.newConst[key] != nil:
			vals[col] = literalValue(k.newConst[key])
		default:
			ok = false
		}
	})
	return vals, ok && len(vals) > 0
}

// builtinNoDefault are types the parser names without pg_catalog that have no default of
// their own (a domain can have one: sql-createdomain); the standard names (integer,
// varchar, boolean, timestamp, …) come out of the parser as pg_catalog's.
var builtinNoDefault = map[string]bool{"text": true, "uuid": true, "json": true, "jsonb": true, "bytea": true, "date": true,
	"inet": true, "cidr": true, "macaddr": true, "macaddr8": true, "money": true, "tsvector": true, "tsquery": true, "xml": true,
	"point": true, "line": true, "lseg": true, "box": true, "path": true, "polygon": true, "circle": true, "int4range": true,
	"int8range": true, "numrange": true, "tsrange": true, "tstzrange": true, "daterange": true, "serial": true, "bigserial": true,
	"smallserial": true, "serial2": true, "serial4": true, "serial8": true, "oid": true, "regclass": true, "name": true, "citext": true}

// typeMayDefault reports whether a column of type tn added without DEFAULT may get a
// default from its type: a domain's, unless the type is built in or an earlier statement
// created it without one. An array of any type has none.
func (k *knowledge) typeMayDefault(tn *pgq.TypeName) bool {
	if tn == nil {
		return true
	}
	if len(tn.ArrayBounds) > 0 {
		return false
	}
	names := strs(tn.Names)
	if len(names) == 2 && names[0] == "pg_catalog" {
		return false
	}
	if len(names) == 0 || len(names) > 2 || k.pathSet {
		return true
	}
	bare, schema := names[len(names)-1], ""
	if len(names) == 2 {
		schema = names[0]
	}
	none, created := k.noDefaultTypes[bare]
	if created && k.typeSchema[bare] != schema {
		return true // another schema's type of that name, or two of them
	}
	if k.cat != nil && !k.named(bare) {
		// The database knows what an applied migration made, EXECUTE in a DO block included.
		exists, hasDefault, err := k.cat.TypeDefault(k.ctx, schema, bare)
		switch {
		case err != nil:
			return true
		case exists && hasDefault:
			return true
		case exists && !created:
			return false
		}
	}
	if created {
		return !none || k.sawOpaque && k.cat == nil
	}
	return !(len(names) == 1 && builtinNoDefault[bare])
}

// createdType records a type or domain a statement creates (its name as written) and whether
// it is known to have no default of its own.
func (k *knowledge) createdType(name []*pgq.Node, none bool) {
	n := strs(name)
	switch len(n) {
	case 1:
		k.createdTypeName("", n[0], none)
	case 2:
		k.createdTypeName(n[0], n[1], none)
	}
}

func (k *knowledge) createdTypeName(schema, bare string, none bool) {
	if s, seen := k.typeSchema[bare]; seen && s != schema {
		k.typeSchema[bare] = "?"
	} else {
		k.typeSchema[bare] = schema
	}
	k.noDefaultTypes[bare] = none
}

// unsure reports whether the rules on the migration's net effect cannot trust what they know
// of table (by its bare name): the file names it with two schemas or sets search_path, or
// the table has children (INHERITS, partitions), to which a column or a constraint added to
// it also goes, merged with what they have (the manual, ddl-inherit).
func (k *knowledge) unsure(table string) bool {
	if k.unsureName(table) {
		return true
	}
	if has, asked := k.children[table]; asked {
		return has
	}
	has := false
	if k.cat != nil {
		var err error
		has, err = k.cat.Children(k.ctx, k.relSchema0[table], table)
		has = has || err != nil
	}
	k.children[table] = has
	return has
}

// inSchema records that a statement names a relation of that name in that schema.
func (k *knowledge) inSchema(rel, schema string) {
	if k.relSchemas[rel] == nil {
		k.relSchemas[rel] = map[string]bool{}
	}
	k.relSchemas[rel][schema] = true
}

// unsureName reports what the folder says of unsure: the name stands for relations of more
// than one schema, or the table has children.
func (k *knowledge) unsureName(table string) bool {
	return k.ambiguous[table] || k.pathSet || k.parents[table] || len(k.relSchemas[table]) > 1
}

// isNew reports whether table is one the migration created, certainly: not a name that
// stands for relations of more than one schema. (A table the migration created has no
// children but those the folder gives it.)
func (k *knowledge) isNew(table string) bool {
	return k.newRels[table] && !k.unsureName(table)
}

// exactType is the name of a built-in type whose constants checkHolds compares as written,
// or "": integers, numeric and varchar without modifiers (a modifier rounds or cuts the stored
// value), text and boolean; not char(n) (trailing blanks), citext (case) or a float (rounding).
func exactType(tn *pgq.TypeName) string {
	if tn == nil || len(tn.ArrayBounds) > 0 || len(tn.Typmods) > 0 {
		return ""
	}
	names := strs(tn.Names)
	switch {
	case len(names) == 2 && names[0] == "pg_catalog":
		switch names[1] {
		case "int2", "int4", "int8", "numeric", "varchar", "bool":
			return names[1]
		}
	case len(names) == 1 && names[0] == "text":
		return "text"
	}
	return ""
}

// exactConst reports whether the default e of a column of type tn (exactType) is a constant
// that PostgreSQL stores as written: an integer for an integer type, a number for numeric, a
// string (maybe cast to text or varchar without a length) for text and varchar, TRUE or FALSE
// for boolean. A string for a number or a boolean ('0', 'f', 'NaN') or a fraction for an
// integer (2.5 is stored as 3) is not.
func exactConst(tn *pgq.TypeName, e *pgq.Node) bool {
	c := literalValue(e)
	if c == nil || c.Isnull || !textCastsOnly(e) {
		return false
	}
	switch exactType(tn) {
	case "int2", "int4", "int8":
		return c.GetIval() != nil && e.GetTypeCast() == nil
	case "numeric":
		return (c.GetIval() != nil || c.GetFval() != nil) && e.GetTypeCast() == nil
	case "text", "varchar":
		return c.GetSval() != nil
	case "bool":
		return c.GetBoolval() != nil && e.GetTypeCast() == nil
	}
	return false
}

// textCastsOnly reports whether every cast on the way to e's constant is to a text type, which
// keeps a string constant's value as written.
func textCastsOnly(e *pgq.Node) bool {
	for e != nil {
		tc := e.GetTypeCast()
		if tc == nil {
			return true
		}
		if n := lastName(tc.TypeName.GetNames()); (n != "text" && n != "varchar") || len(tc.TypeName.GetTypmods()) > 0 {
			return false // varchar(2) cuts the string
		}
		e = tc.Arg
	}
	return true
}

func evalTruth(n *pgq.Node, vals map[string]*pgq.A_Const) truth {
	switch {
	case n == nil:
		return tUnknown
	case n.GetBoolExpr() != nil:
		b := n.GetBoolExpr()
		var args []truth
		for _, a := range b.Args {
			args = append(args, evalTruth(a, vals))
		}
		switch b.Boolop {
		case pgq.BoolExprType_AND_EXPR:
			return combine(args, tFalse, tTrue)
		case pgq.BoolExprType_OR_EXPR:
			return combine(args, tTrue, tFalse)
		case pgq.BoolExprType_NOT_EXPR:
			if len(args) == 1 {
				switch args[0] {
				case tTrue:
					return tFalse
				case tFalse:
					return tTrue
				}
				return args[0]
			}
		}
		return tUnknown
	case n.GetNullTest() != nil:
		nt := n.GetNullTest()
		v, known := operand(nt.Arg, vals)
		if !known || nt.Argisrow {
			return tUnknown
		}
		isNull := v == nil
		if nt.Nulltesttype == pgq.NullTestType_IS_NOT_NULL {
			isNull = !isNull
		}
		if isNull {
			return tTrue
		}
		return tFalse
	case n.GetAExpr() != nil:
		return evalAExpr(n.GetAExpr(), vals)
	}
	if v, known := operand(n, vals); known {
		switch {
		case v == nil:
			return tNull
		case v.GetBoolval() != nil:
			if v.GetBoolval().Boolval {
				return tTrue
			}
			return tFalse
		}
	}
	return tUnknown
}

// combine is AND (dominant false, neutral true) or OR (dominant true, neutral false) in SQL's
// three-valued logic, with unknown operands.
func combine(args []truth, dominant, neutral truth) truth {
	unknown, null := false, false
	for _, a := range args {
		switch a {
		case dominant:
			return dominant
		case tUnknown:
			unknown = true
		case tNull:
			null = true
		}
	}
	switch {
	case unknown:
		return tUnknown
	case null:
		return tNull
	}
	return neutral
}

// operand is the value of a column in vals or of a constant (nil for NULL); known is false for
// anything else.
func operand(n *pgq.Node, vals map[string]*pgq.A_Const) (v *pgq.A_Const, known bool) {
	if n == nil {
		return nil, false
	}
	if cr := n.GetColumnRef(); cr != nil {
		f := strs(cr.Fields)
		if len(f) != len(cr.Fields) || len(f) != 1 {
			return nil, false
		}
		v, known = vals[f[0]]
		return v, known
	}
	if !textCastsOnly(n) {
		return nil, false
	}
	c := literalValue(n)
	if c == nil {
		return nil, false
	}
	if c.Isnull {
		return nil, true
	}
	return c, true
}

func evalAExpr(e *pgq.A_Expr, vals map[string]*pgq.A_Const) truth {
	if len(e.Name) != 1 {
		return tUnknown
	}
	op := lastName(e.Name)
	left, known := operand(e.Lexpr, vals)
	if !known {
		return tUnknown
	}
	switch e.Kind {
	case pgq.A_Expr_Kind_AEXPR_OP:
		right, known := operand(e.Rexpr, vals)
		if !known {
			return tUnknown
		}
		return compare(left, right, op)
	case pgq.A_Expr_Kind_AEXPR_IN: // x IN (…) is = ANY, x NOT IN (…) is <> ALL
		list := e.Rexpr.GetList()
		if list == nil || (op != "=" && op != "<>") {
			return tUnknown
		}
		var args []truth
		for _, item := range list.Items {
			right, known := operand(item, vals)
			if !known {
				return tUnknown
			}
			args = append(args, compare(left, right, op))
		}
		if op == "=" {
			return combine(args, tTrue, tFalse)
		}
		return combine(args, tFalse, tTrue)
	}
	return tUnknown
}

// compare applies a comparison operator to two constants: numbers by value, strings and
// booleans for equality only (an order of strings depends on the collation).
func compare(a, b *pgq.A_Const, op string) truth {
	switch op {
	case "=", "<>", "!=", "<", "<=", ">", ">=": // the built-in ones, strict: NULL on NULL
	default:
		return tUnknown
	}
	if a == nil || b == nil {
		return tNull
	}
	result := func(ok bool) truth {
		if ok {
			return tTrue
		}
		return tFalse
	}
	if x, y := number(a), number(b); x != nil && y != nil {
		c := x.Cmp(y)
		switch op {
		case "=":
			return result(c == 0)
		case "<>", "!=":
			return result(c != 0)
		case "<":
			return result(c < 0)
		case "<=":
			return result(c <= 0)
		case ">":
			return result(c > 0)
		case ">=":
			return result(c >= 0)
		}
		return tUnknown
	}
	var x, y string
	switch {
	case a.GetSval() != nil && b.GetSval() != nil:
		x, y = a.GetSval().Sval, b.GetSval().Sval
	case a.GetBoolval() != nil && b.GetBoolval() != nil:
		x, y = boolString(a.GetBoolval().Boolval), boolString(b.GetBoolval().Boolval)
	default:
		return tUnknown
	}
	switch op {
	case "=":
		return result(x == y)
	case "<>", "!=":
		return result(x != y)
	}
	return tUnknown
}

func boolString(b bool) string {
	if b {
		return "t"
	}
	return "f"
}

// number is a numeric constant's exact value, or nil.
func number(c *pgq.A_Const) *big.Rat {
	switch {
	case c.GetIval() != nil:
		return new(big.Rat).SetInt64(int64(c.GetIval().Ival))
	case c.GetFval() != nil:
		if r, ok := new(big.Rat).SetString(c.GetFval().Fval); ok {
			return r
		}
	}
	return nil
}

// checksHold reports whether every CHECK of a column definition being added holds on the
// running version's rows (checkHolds), the column's own value being its default or NULL.
func (k *knowledge) checksHold(table string, cd *pgq.ColumnDef) bool {
	vals := k.newColumnValues(table)
	if _, ok := vals[cd.Colname]; !ok {
		return false
	}
	for _, n := range cd.Constraints {
		if con := n.GetConstraint(); con != nil && con.Contype == pgq.ConstrType_CONSTR_CHECK && !checkHolds(con.RawExpr, vals) {
			return false
		}
	}
	return true
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
