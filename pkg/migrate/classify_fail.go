package migrate

import (
	"math/big"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	pgq "github.com/pganalyze/pg_query_go/v6"
)

// What PostgreSQL evaluates on every write of the running version once a migration adds it
// (an index's expressions and predicate, a stored generated column, a column default) makes
// that write fail when it fails: a cast of a value that does not convert (22P02), a value too
// long for the column's type (22001), an overflow (22003), a division by zero. These rules
// say which such expressions cannot fail on any value the running version writes.

// failSafeFuncs are built-in functions that return a value for every argument of their types
// (the manual, "String Functions and Operators"): no error for any text.
var failSafeFuncs = map[string]bool{
	"lower": true, "upper": true, "btrim": true, "ltrim": true, "rtrim": true, "md5": true,
	"length": true, "char_length": true, "character_length": true, "octet_length": true,
	"coalesce": true, "concat": true, "concat_ws": true, "string_to_array": true,
	// Arrays ("Array Functions and Operators"): a count or NULL for every array, no error.
	"cardinality": true, "array_length": true, "array_ndims": true,
	// Text search: a value for every text, but for the size limits (a tsvector of more than
	// 1 MB, 54000), which Greenlight does not count, as it does not count a btree entry's
	// 2704 bytes (docs/databases.md, "What the rules do not count").
	"to_tsvector": true, "setweight": true,
}

// failSafeOps are operators that fail on no operand of the types they take: comparisons,
// pattern matching with a constant pattern, and the jsonb and json field and path reads.
var failSafeOps = map[string]bool{
	"=": true, "<>": true, "!=": true, "<": true, ">": true, "<=": true, ">=": true,
	"->": true, "->>": true, "#>": true, "#>>": true,
	"~~": true, "!~~": true, "~~*": true, "!~~*": true,
}

// compareOps are the comparison operators, whose operands PostgreSQL converts to one type.
var compareOps = map[string]bool{"=": true, "<>": true, "!=": true, "<": true, ">": true, "<=": true, ">=": true}

// sameOrConstant reports whether PostgreSQL compares a and b without converting a value the
// running version wrote: both of one known type, or one an untyped constant (which takes the
// other's type when the expression is read).
func sameOrConstant(a, b *pgq.Node, types map[string]*pgq.TypeName) bool {
	at, bt := exprType(a, types), exprType(b, types)
	if a.GetAConst() != nil || b.GetAConst() != nil {
		return true
	}
	return at == bt && at != "?" && at != ""
}

// likeOps are the pattern operators: they fail on a pattern that ends with the escape
// character (22025), so only a constant pattern that does not is read as unable to fail.
var likeOps = map[string]bool{"~~": true, "!~~": true, "~~*": true, "!~~*": true}

// cannotFailOn reports whether PostgreSQL evaluates e without an error for every value of the
// columns it reads: columns and constants, NULL tests, AND/OR/NOT, comparisons, the functions
// of failSafeFuncs, COALESCE, and casts to text. Arithmetic, other casts and other functions
// may fail, and the answer is false.
//
// types are the types of the row's columns, where known (numeric(p,s) ones may be added,
// subtracted and multiplied; comparisons must be of one type).
func cannotFailOn(e *pgq.Node, types map[string]*pgq.TypeName) bool {
	switch {
	case e == nil:
		return true
	case e.GetColumnRef() != nil:
		return true
	case e.GetAConst() != nil:
		return true
	case e.GetNullTest() != nil:
		return cannotFailOn(e.GetNullTest().Arg, types)
	case e.GetBooleanTest() != nil:
		return cannotFailOn(e.GetBooleanTest().Arg, types)
	case e.GetBoolExpr() != nil:
		return allCannotFailOn(e.GetBoolExpr().Args, types)
	case e.GetCoalesceExpr() != nil:
		return allCannotFailOn(e.GetCoalesceExpr().Args, types) && oneType(e.GetCoalesceExpr().Args, types)
	case e.GetMinMaxExpr() != nil: // GREATEST, LEAST
		return allCannotFailOn(e.GetMinMaxExpr().Args, types) && oneType(e.GetMinMaxExpr().Args, types)
	case e.GetAIndirection() != nil:
		// An array element, a[i]: NULL for a subscript out of range (the manual, 8.15.3), no
		// error; not a slice, a field or a jsonb subscript (which is no different, but rare).
		x := e.GetAIndirection()
		if len(x.Indirection) != 1 {
			return false
		}
		ix := x.Indirection[0].GetAIndices()
		if ix == nil || ix.IsSlice || !cannotFailOn(x.Arg, types) {
			return false
		}
		// A subscript is an integer: a bigint one past its range fails (22003).
		if c := ix.Uidx.GetAConst(); c != nil {
			return c.GetIval() != nil
		}
		if cr := ix.Uidx.GetColumnRef(); cr != nil {
			f := strs(cr.Fields)
			return len(f) == 1 && (baseOf(types[f[0]]) == "int4" || baseOf(types[f[0]]) == "int2")
		}
		return false
	case e.GetAExpr() != nil:
		x := e.GetAExpr()
		switch x.Kind {
		case pgq.A_Expr_Kind_AEXPR_OP, pgq.A_Expr_Kind_AEXPR_LIKE, pgq.A_Expr_Kind_AEXPR_ILIKE:
			if op := lastName(x.Name); len(x.Name) == 1 && (op == "+" || op == "-" || op == "*") && numericExpr(e, types) {
				// numeric holds up to 131072 digits before the point: arithmetic of columns with a
				// precision stays far within it; of an unconstrained one, not (9e131071 * 100: 22003).
				b, ok := numericBound(e, types)
				return ok && b.BitLen() < 400000
			}
			if op := lastName(x.Name); len(x.Name) == 1 && (op == "+" || op == "-" || op == "*") {
				// Integer arithmetic fails past its type's range (22003): only where every value
				// stays within it (char_length(t) + 1).
				_, _, ok := intBound(e, types)
				return ok
			}
			if len(x.Name) == 1 && lastName(x.Name) == "||" {
				// Concatenation of strings (textcat) fails for none (destination_id || '_' ||
				// namespace) but past 1 GB, not counted, as a btree entry's 2704 bytes are not
				// (docs/databases.md); of arrays it fails on mismatched dimensions (2202E), so both
				// sides must be strings.
				return exprType(e, types) == "text" && cannotFailOn(x.Lexpr, types) && cannotFailOn(x.Rexpr, types)
			}
			if len(x.Name) != 1 || !failSafeOps[lastName(x.Name)] {
				return false
			}
			if compareOps[lastName(x.Name)] && !sameOrConstant(x.Lexpr, x.Rexpr, types) {
				return false // an implicit cast between two types may fail (numeric 1e400 to float8: 22003)
			}
			if likeOps[lastName(x.Name)] || x.Kind != pgq.A_Expr_Kind_AEXPR_OP {
				p := x.Rexpr.GetAConst().GetSval()
				if p == nil || strings.HasSuffix(p.Sval, `\`) {
					return false
				}
			}
		case pgq.A_Expr_Kind_AEXPR_DISTINCT, pgq.A_Expr_Kind_AEXPR_NOT_DISTINCT:
			if !sameOrConstant(x.Lexpr, x.Rexpr, types) {
				return false
			}
		case pgq.A_Expr_Kind_AEXPR_IN:
			for _, item := range x.Rexpr.GetList().GetItems() {
				if !sameOrConstant(x.Lexpr, item, types) {
					return false
				}
			}
		default:
			return false
		}
		return cannotFailOn(x.Lexpr, types) && cannotFailOn(x.Rexpr, types)
	case e.GetList() != nil:
		return allCannotFailOn(e.GetList().Items, types)
	case e.GetFuncCall() != nil:
		f := e.GetFuncCall()
		if n := strings.ToLower(lastName(f.Funcname)); n == "timezone" && len(f.Args) == 2 && len(strs(f.Funcname)) <= 2 {
			// timezone('UTC', t): a zone PostgreSQL always knows, of a date or time value.
			z := f.Args[0].GetAConst().GetSval()
			return z != nil && (strings.EqualFold(z.Sval, "UTC") || strings.EqualFold(z.Sval, "GMT") || strings.EqualFold(z.Sval, "Etc/UTC")) && cannotFailOn(f.Args[1], types)
		}
		if len(f.Funcname) > 2 || (len(f.Funcname) == 2 && strs(f.Funcname)[0] != "pg_catalog") || !failSafeFuncs[strings.ToLower(lastName(f.Funcname))] ||
			f.AggFilter != nil || f.Over != nil || len(f.AggOrder) > 0 || f.FuncVariadic {
			return false
		}
		return allCannotFailOn(f.Args, types)
	case e.GetCaseExpr() != nil:
		x := e.GetCaseExpr()
		for _, w := range x.Args {
			if cw := w.GetCaseWhen(); cw == nil || !cannotFailOn(cw.Expr, types) || !cannotFailOn(cw.Result, types) {
				return false
			}
		}
		results := []*pgq.Node{x.Defresult}
		for _, w := range x.Args {
			results = append(results, w.GetCaseWhen().GetResult())
		}
		return cannotFailOn(x.Arg, types) && cannotFailOn(x.Defresult, types) && oneType(results, types)
	case e.GetTypeCast() != nil:
		tc := e.GetTypeCast()
		n := strings.ToLower(lastName(tc.TypeName.GetNames()))
		switch {
		case n == "text" && len(tc.TypeName.GetTypmods()) == 0 && len(tc.TypeName.GetArrayBounds()) == 0:
			// Every type has an output function: a cast to text turns any value into its text.
			return cannotFailOn(tc.Arg, types)
		case (n == "int2" || n == "int4" || n == "int8") && numericExpr(tc.Arg, types):
			// numeric(p,s) arithmetic cast to an integer: it fits when its bound does (the cast
			// rounds, so one more).
			b, ok := numericBound(tc.Arg, types)
			lim := new(big.Int).Lsh(big.NewInt(1), uint(map[string]int{"int2": 15, "int4": 31, "int8": 63}[n]))
			return ok && new(big.Int).Add(b, big.NewInt(1)).Cmp(lim) < 0
		case tc.Arg.GetAConst() != nil:
			// A constant is converted when PostgreSQL reads the expression (a bad one fails the
			// migration, not a write): 'failed'::job_status.
			return true
		case n == "date" || n == "timestamp" || n == "timestamptz":
			// To date from a time type a value always converts (infinity too); not from date to
			// a timestamp, whose range ends 5.5 million years sooner (300000-01-01: 22008).
			if f := tc.Arg.GetFuncCall(); f != nil && strings.ToLower(lastName(f.Funcname)) == "timezone" && n == "date" {
				return cannotFailOn(tc.Arg, types)
			}
			if cr := tc.Arg.GetColumnRef(); cr != nil {
				f := strs(cr.Fields)
				t := ""
				if len(f) == 1 {
					t = baseOf(types[f[0]])
				}
				return t == n || n == "date" && (t == "timestamp" || t == "timestamptz")
			}
		}
		return false
	case e.GetCollateClause() != nil:
		return cannotFailOn(e.GetCollateClause().Arg, types)
	}
	return false
}

// oneType reports whether the values COALESCE, GREATEST, LEAST or CASE chooses among are of one
// type, so that PostgreSQL converts none of them to the type it resolves (a date among
// timestamps is converted, and fails past the timestamp's range: 22008). A constant takes the
// others' type; a value whose type Greenlight does not know fails the test.
func oneType(ns []*pgq.Node, types map[string]*pgq.TypeName) bool {
	return commonType(ns, types) != "?"
}

// commonType is the one type of the values ns holds ("" when all are constants), or "?".
func commonType(ns []*pgq.Node, types map[string]*pgq.TypeName) string {
	seen := ""
	for _, n := range ns {
		t := exprType(n, types)
		switch {
		case t == "":
			continue
		case t == "?" || seen != "" && t != seen:
			return "?"
		}
		seen = t
	}
	return seen
}

// exprType is the base type of e's value where cannotFailOn reads it: a column's, a cast's,
// text for the text functions; "" for a constant or NULL (it takes the others' type), "?" for
// what Greenlight does not know.
func exprType(e *pgq.Node, types map[string]*pgq.TypeName) string {
	switch {
	case e == nil, e.GetAConst() != nil:
		return ""
	case e.GetColumnRef() != nil:
		f := strs(e.GetColumnRef().Fields)
		if len(f) == 1 && types[f[0]] != nil {
			return baseOf(types[f[0]])
		}
	case e.GetTypeCast() != nil:
		// A typed constant is of its type too: 'infinity'::timestamp beside a date makes
		// PostgreSQL convert the date (22008). A schema's type of a built-in's name
		// (public.text, a domain) is not the built-in.
		if tn := e.GetTypeCast().TypeName; len(tn.GetArrayBounds()) == 0 {
			return strings.ToLower(baseOf(tn))
		}
	case e.GetAExpr() != nil && e.GetAExpr().Kind == pgq.A_Expr_Kind_AEXPR_OP && len(e.GetAExpr().Name) == 1 &&
		(lastName(e.GetAExpr().Name) == "->>" || lastName(e.GetAExpr().Name) == "#>>"):
		return "text"
	case e.GetAExpr() != nil && e.GetAExpr().Kind == pgq.A_Expr_Kind_AEXPR_OP && len(e.GetAExpr().Name) == 1 && lastName(e.GetAExpr().Name) == "||":
		// Strings concatenated are text; a constant takes part only as a string ('_').
		x := e.GetAExpr()
		for _, side := range []*pgq.Node{x.Lexpr, x.Rexpr} {
			if c := side.GetAConst(); c != nil {
				if c.GetSval() == nil {
					return "?"
				}
				continue
			}
			if !stringTypes[exprType(side, types)] {
				return "?"
			}
		}
		return "text"
	case e.GetFuncCall() != nil:
		switch strings.ToLower(lastName(e.GetFuncCall().Funcname)) {
		case "lower", "upper", "btrim", "ltrim", "rtrim", "md5", "concat", "concat_ws":
			return "text"
		}
	case e.GetCaseExpr() != nil:
		results := []*pgq.Node{e.GetCaseExpr().Defresult}
		for _, w := range e.GetCaseExpr().Args {
			results = append(results, w.GetCaseWhen().GetResult())
		}
		return commonType(results, types)
	case e.GetCoalesceExpr() != nil:
		return commonType(e.GetCoalesceExpr().Args, types)
	case e.GetMinMaxExpr() != nil:
		return commonType(e.GetMinMaxExpr().Args, types)
	}
	return "?"
}

func allCannotFailOn(ns []*pgq.Node, types map[string]*pgq.TypeName) bool {
	for _, n := range ns {
		if !cannotFailOn(n, types) {
			return false
		}
	}
	return true
}

// numericExpr reports whether e adds, subtracts and multiplies numeric columns (types says
// which are) and constants, with a numeric column among them: its value is numeric, whose
// range (131072 digits before the point) no such expression of stored values leaves.
func numericExpr(e *pgq.Node, types map[string]*pgq.TypeName) bool {
	var col bool
	var visit func(e *pgq.Node) bool
	visit = func(e *pgq.Node) bool {
		switch {
		case e == nil:
			return false
		case e.GetColumnRef() != nil:
			f := strs(e.GetColumnRef().Fields)
			if len(f) == 1 && baseOf(types[f[0]]) == "numeric" {
				col = true
				return true
			}
			return false
		case epochCall(e):
			col = true
			return true
		case e.GetAConst() != nil:
			return e.GetAConst().GetIval() != nil || e.GetAConst().GetFval() != nil
		case e.GetAExpr() != nil:
			x := e.GetAExpr()
			op := lastName(x.Name)
			return x.Kind == pgq.A_Expr_Kind_AEXPR_OP && len(x.Name) == 1 && (op == "+" || op == "-" || op == "*") &&
				(x.Lexpr == nil || visit(x.Lexpr)) && visit(x.Rexpr)
		}
		return false
	}
	return visit(e) && col
}

// indexMayFail says why an index's expressions or predicate may fail on a write of the
// running version, or "": PostgreSQL computes them for every row it inserts or updates.
func indexMayFail(ix *pgq.IndexStmt, types map[string]*pgq.TypeName) string {
	for _, p := range ix.IndexParams {
		if e := p.GetIndexElem().GetExpr(); e != nil && (!cannotFailOn(e, types) || constFails(e)) {
			return "its expression runs on every write of the running version and may fail on a value it writes (a cast, arithmetic, a function Greenlight does not know), which fails the write; compute the value in a column the new version writes, or declare it with -- greenlight:expand <why>"
		}
	}
	if ix.WhereClause != nil && (!cannotFailOn(ix.WhereClause, types) || constFails(ix.WhereClause)) {
		return "its predicate runs on every write of the running version and may fail on a value it writes, which fails the write; or declare it with -- greenlight:expand <why>"
	}
	return ""
}

// colTypes are the types of the columns of table the folder knows, by column.
func (k *knowledge) colTypes(table string) map[string]*pgq.TypeName {
	out := map[string]*pgq.TypeName{}
	if k.sawOpaque || k.unsureName(table) {
		// A statement Greenlight cannot read may have changed a column's type (an EXECUTE),
		// and a name of tables in several schemas is not one table's.
		return out
	}
	for key, tn := range k.cols {
		if t, col, ok := strings.Cut(key, "."); ok && t == table && tn != nil && len(tn.ArrayBounds) == 0 {
			out[col] = tn
		}
	}
	return out
}

// baseOf is a type's name without pg_catalog's prefix, "" for none or an array.
func baseOf(tn *pgq.TypeName) string {
	if tn == nil || len(tn.ArrayBounds) > 0 {
		return ""
	}
	b, _, _ := typeOf(tn)
	if names := strs(tn.Names); len(names) > 1 && names[0] != "pg_catalog" {
		return strings.Join(names, ".") // public.int2 is a user's type (a domain), not int2
	}
	if n, ok := serialTypes[b]; ok {
		return n // a serial column is the integer it is
	}
	return b
}

// epochCall reports whether e is extract(epoch from …) (or date_part('epoch', …)), a number of
// seconds bounded by the range of the time types (294276 AD is under 10^13 seconds).
//
// Only of a clock (now(), CURRENT_TIMESTAMP and the others): a column may hold 'infinity',
// whose epoch is numeric Infinity (cast to bigint: 0A000), and a difference of timestamps may
// fail (22008).
func epochCall(e *pgq.Node) bool {
	f := e.GetFuncCall()
	if f == nil || len(f.Args) != 2 {
		return false
	}
	n := strings.ToLower(lastName(f.Funcname))
	unit := f.Args[0].GetAConst().GetSval()
	return (n == "extract" || n == "date_part") && unit != nil && strings.EqualFold(unit.Sval, "epoch") && clockCall(f.Args[1])
}

// clockCall reports whether e is the transaction's or the statement's clock, which is never
// infinite: now(), CURRENT_TIMESTAMP, LOCALTIMESTAMP, clock_timestamp() and the like.
func clockCall(e *pgq.Node) bool {
	if e.GetSqlvalueFunction() != nil {
		return true
	}
	f := e.GetFuncCall()
	if f == nil || len(f.Args) != 0 {
		return false
	}
	switch strings.ToLower(lastName(f.Funcname)) {
	case "now", "clock_timestamp", "statement_timestamp", "transaction_timestamp":
		return true
	}
	return false
}

// numericBound is a bound on the absolute value of e, a numericExpr whose every numeric column
// has a precision and scale (numeric(p,s) holds less than 10^(p-s)); ok is false otherwise.
func numericBound(e *pgq.Node, types map[string]*pgq.TypeName) (*big.Int, bool) {
	switch {
	case e == nil:
		return nil, false
	case e.GetColumnRef() != nil:
		f := strs(e.GetColumnRef().Fields)
		if len(f) != 1 || baseOf(types[f[0]]) != "numeric" {
			return nil, false
		}
		_, mods, _ := typeOf(types[f[0]])
		if len(mods) == 0 {
			return nil, false
		}
		scale := int64(0)
		if len(mods) > 1 {
			scale = mods[1]
		}
		if mods[0]-scale < 0 || mods[0]-scale > 1000 {
			return nil, false
		}
		return new(big.Int).Exp(big.NewInt(10), big.NewInt(mods[0]-scale), nil), true
	case epochCall(e):
		return new(big.Int).Exp(big.NewInt(10), big.NewInt(13), nil), true
	case e.GetAConst() != nil:
		c := e.GetAConst()
		if c.GetIval() != nil {
			return new(big.Int).Abs(big.NewInt(int64(c.GetIval().Ival))), true
		}
		if c.GetFval() != nil {
			f, _, err := big.ParseFloat(c.GetFval().Fval, 10, 256, big.ToNearestEven)
			if err != nil {
				return nil, false
			}
			i, _ := new(big.Float).Abs(f).Int(nil)
			return i.Add(i, big.NewInt(1)), true
		}
	case e.GetAExpr() != nil:
		x := e.GetAExpr()
		r, ok := numericBound(x.Rexpr, types)
		if !ok {
			return nil, false
		}
		if x.Lexpr == nil {
			return r, lastName(x.Name) == "-"
		}
		l, ok := numericBound(x.Lexpr, types)
		if !ok {
			return nil, false
		}
		switch lastName(x.Name) {
		case "+", "-":
			return new(big.Int).Add(l, r), true
		case "*":
			return new(big.Int).Mul(l, r), true
		}
	}
	return nil, false
}

// intBits are the integer types' widths.
var intBits = map[string]int{"int2": 16, "int4": 32, "int8": 64}

// valueFits reports whether the value e (a default, or a stored generated column's
// expression, which may read the row's columns, whose types are in types) is stored in a column
// of type tn without an error: PostgreSQL converts a string constant to the column's type when
// the default is set (a bad one fails the migration, not the running version), but cuts or
// rounds it to the column's modifiers, and checks an integer's range, only when the value is
// used (measured on 15: SET DEFAULT 'unassigned' on a varchar(8) succeeds, and the INSERTs that
// leave it out fail with 22001). A function's value is not known: on a type with modifiers
// (varchar(n), numeric(p,s)) it may not fit.
func (k *knowledge) valueFits(tn *pgq.TypeName, e *pgq.Node, types map[string]*pgq.TypeName) bool {
	if tn == nil || e == nil {
		return false
	}
	base, mods, isArray := typeOf(tn)
	if n, ok := serialTypes[base]; ok {
		base = n // a serial column is the integer it is
	}
	c := literalValue(e)
	if c == nil {
		if bits, ok := intBits[base]; ok && !isArray {
			// Into an integer column only a value no wider: a sequence's next value (as
			// serial's own default), an integer column or cast no wider, or numeric(p,s)
			// arithmetic whose bound fits (extract(epoch from now()) * 1000 does not: 22003).
			switch {
			case e.GetFuncCall() != nil && strings.ToLower(lastName(e.GetFuncCall().Funcname)) == "nextval":
				// A sequence's values fit a bigint; an integer column takes them only from a
				// sequence the folder made no wider (a bigint one past 2^31: 22003).
				if bits == 64 {
					return true
				}
				f := e.GetFuncCall()
				if len(f.Args) != 1 {
					return false
				}
				name := literalValue(f.Args[0]).GetSval()
				if name == nil {
					return false
				}
				seq := name.Sval
				if i := strings.LastIndexByte(seq, '.'); i >= 0 {
					seq = seq[i+1:]
				}
				return intBits[k.seqTypes[strings.Trim(seq, `"`)]] != 0 && intBits[k.seqTypes[strings.Trim(seq, `"`)]] <= bits
			case e.GetTypeCast() != nil:
				// The cast must not fail either: its value fits the cast's type and that type
				// the column.
				t := strings.ToLower(lastName(e.GetTypeCast().TypeName.GetNames()))
				return intBits[t] != 0 && intBits[t] <= bits && k.valueFits(e.GetTypeCast().TypeName, e.GetTypeCast().Arg, types)
			case e.GetColumnRef() != nil:
				f := strs(e.GetColumnRef().Fields)
				return len(f) == 1 && intBits[baseOf(types[f[0]])] != 0 && intBits[baseOf(types[f[0]])] <= bits
			case numericExpr(e, types):
				b, ok := numericBound(e, types)
				return ok && new(big.Int).Add(b, big.NewInt(1)).Cmp(new(big.Int).Lsh(big.NewInt(1), uint(bits-1))) < 0
			}
			if b, _, ok := intBound(e, types); ok {
				// Integer arithmetic and counts (char_length, cardinality) whose bound fits.
				return b.Cmp(new(big.Int).Lsh(big.NewInt(1), uint(bits-1))) < 0
			}
			return false
		}
		return isArray || len(mods) == 0 || !modsCut[base]
	}
	if c.Isnull {
		return true
	}
	if tc := e.GetTypeCast(); tc != nil && tc.Arg.GetAConst() != nil {
		// A constant cast to the column's own type (without modifiers that may cut it) is
		// converted when the default is set: '0'::bigint on a bigint column.
		if to, tmods, tarr := typeOf(tc.TypeName); to == base && tarr == isArray && len(tmods) == 0 && (len(mods) == 0 || !modsCut[base]) {
			return true
		}
	}
	if !textCastsOnly(e) && e.GetTypeCast() != nil {
		return false
	}
	switch base {
	case "varchar", "bpchar", "char":
		s := c.GetSval()
		if s == nil {
			return false
		}
		return len(mods) == 0 && base == "varchar" || len(mods) == 1 && int64(utf8.RuneCountInString(s.Sval)) <= mods[0]
	case "int2", "int4", "int8":
		var v int64
		switch {
		case c.GetIval() != nil:
			v = int64(c.GetIval().Ival)
		case c.GetSval() != nil:
			n, err := strconv.ParseInt(strings.TrimSpace(c.GetSval().Sval), 10, 64)
			if err != nil {
				return false
			}
			v = n
		default:
			return false
		}
		limit := map[string]int64{"int2": 1<<15 - 1, "int4": 1<<31 - 1, "int8": 1<<63 - 1}[base]
		return v <= limit && v >= -limit-1
	case "numeric":
		if len(mods) == 0 {
			return true
		}
		var s string
		switch {
		case c.GetIval() != nil:
			s = strconv.Itoa(int(c.GetIval().Ival))
		case c.GetFval() != nil:
			s = c.GetFval().Fval
		default:
			return false
		}
		scale := int64(0)
		if len(mods) > 1 {
			scale = mods[1]
		}
		// Rounded to the scale first (half away from zero, as numeric rounds: 9.999 in
		// numeric(3,2) is 10.00, which overflows), then its digits before the point counted.
		r, ok := new(big.Rat).SetString(s)
		if !ok || scale < 0 || scale > 1000 || mods[0] > 1000 {
			return false
		}
		pow := new(big.Int).Exp(big.NewInt(10), big.NewInt(scale), nil)
		r.Abs(r).Mul(r, new(big.Rat).SetInt(pow)).Add(r, big.NewRat(1, 2))
		rounded := new(big.Int).Quo(r.Num(), r.Denom())
		whole := new(big.Int).Quo(rounded, pow)
		digits := int64(0)
		if whole.Sign() > 0 {
			digits = int64(len(whole.String()))
		}
		return digits <= mods[0]-scale
	}
	return isArray || len(mods) == 0 || !modsCut[base]
}

// modsCut are the types whose modifiers may refuse a value (a string too long, a number with
// too many digits); timestamp(p) and interval(p) only round.
var modsCut = map[string]bool{"varchar": true, "bpchar": true, "char": true, "numeric": true, "decimal": true, "bit": true, "varbit": true}

// safeExtensions are extensions whose objects do not take over what the running version's
// statements already reach: they add types, functions of their own names, operators no
// built-in type had, or index operator classes (the extensions' pages in the manual). Others
// (intarray's int[] operators, which an exact match prefers to the built-in array operators,
// are the example) may change what an existing query does, and are contract.
var safeExtensions = map[string]bool{
	"pgcrypto": true, "uuid-ossp": true, "pg_trgm": true, "btree_gin": true, "btree_gist": true,
	"pg_stat_statements": true, "citext": true, "hstore": true, "unaccent": true, "fuzzystrmatch": true,
	"vector": true, "postgis": true, "ltree": true, "cube": true, "earthdistance": true, "tablefunc": true,
	"pg_buffercache": true, "pgstattuple": true, "plpgsql": true, "moddatetime": true,
}

// pgInt folds an integer constant expression (literals with +, -, *, / and %) as PostgreSQL
// does when it plans an expression: a literal is integer when it fits 32 bits and bigint when
// it fits 64 (the manual, "Numeric Constants"), an operator of two integers is integer, of an
// integer and a bigint bigint, and a result out of its type's range fails (22003), as does a
// division by zero (22012). ok is false for anything else; fails says that folding errs.
func pgInt(e *pgq.Node) (v *big.Int, bits int, ok, fails bool) {
	if e == nil {
		return nil, 0, false, false
	}
	if c := e.GetAConst(); c != nil {
		switch {
		case c.GetIval() != nil:
			return big.NewInt(int64(c.GetIval().Ival)), 32, true, false
		case c.GetFval() != nil:
			n, err := strconv.ParseInt(c.GetFval().Fval, 10, 64)
			if err != nil {
				return nil, 0, false, false // numeric
			}
			return big.NewInt(n), 64, true, false
		}
		return nil, 0, false, false
	}
	x := e.GetAExpr()
	if x == nil || x.Kind != pgq.A_Expr_Kind_AEXPR_OP || len(x.Name) != 1 {
		return nil, 0, false, false
	}
	r, rb, ok, fails := pgInt(x.Rexpr)
	if !ok || fails {
		return nil, 0, ok, fails
	}
	inRange := func(v *big.Int, bits int) bool {
		lim := new(big.Int).Lsh(big.NewInt(1), uint(bits-1))
		return v.Cmp(lim) < 0 && v.Cmp(new(big.Int).Neg(lim)) >= 0
	}
	if x.Lexpr == nil {
		if lastName(x.Name) != "-" {
			return nil, 0, false, false
		}
		n := new(big.Int).Neg(r)
		return n, rb, true, !inRange(n, rb)
	}
	l, lb, ok, fails := pgInt(x.Lexpr)
	if !ok || fails {
		return nil, 0, ok, fails
	}
	bits = max(lb, rb)
	switch lastName(x.Name) {
	case "+":
		v = new(big.Int).Add(l, r)
	case "-":
		v = new(big.Int).Sub(l, r)
	case "*":
		v = new(big.Int).Mul(l, r)
	case "/", "%":
		if r.Sign() == 0 {
			return nil, bits, true, true
		}
		if lastName(x.Name) == "/" {
			v = new(big.Int).Quo(l, r)
		} else {
			v = new(big.Int).Rem(l, r)
		}
	default:
		return nil, 0, false, false
	}
	return v, bits, true, !inRange(v, bits)
}

// constFails reports whether some integer constant expression in e fails when PostgreSQL
// folds it (pgInt): it folds constants when it plans the expression, so a CHECK or an index
// holding one fails every write of the running version, whatever its other operands say.
func constFails(e *pgq.Node) bool {
	fails := false
	walk(e, func(r protoreflectMessage) {
		if x, ok := r.Interface().(*pgq.A_Expr); ok && !fails {
			if _, _, _, f := pgInt(&pgq.Node{Node: &pgq.Node_AExpr{AExpr: x}}); f {
				fails = true
			}
		}
	})
	return fails
}

// indexBacksConstraint says why renaming the index idx may break the running version, or "":
// the index of a primary-key, unique or exclusion constraint has the constraint's name, and
// renaming the index renames the constraint (the manual, ALTER INDEX), which ON CONFLICT ON
// CONSTRAINT names (42704 after it). An index a CREATE INDEX of the folder made backs none; of
// one the folder does not make, the database says whether it refuses duplicates (a plain
// index backs no constraint).
func (k *knowledge) indexBacksConstraint(idx, schema string) string {
	for key := range k.cons {
		if _, name, _ := strings.Cut(key, "."); name == idx {
			return "it is the index of constraint " + idx + ": renaming it renames the constraint, which the running version's ON CONFLICT ON CONSTRAINT names (42704)"
		}
	}
	if _, made := k.indexes[idx]; made {
		return ""
	}
	n := idx
	if schema != "" {
		n = schema + "." + idx
	}
	asked, exists, unique, err := k.askIndex(n)
	switch {
	case err != nil:
		return "Greenlight could not ask the database whether it is a constraint's index: " + err.Error()
	case !asked:
		return "Greenlight does not know whether it is the index of a constraint (no migration of the folder creates it): renaming it would rename the constraint, which ON CONFLICT ON CONSTRAINT names"
	case exists && unique:
		return "the database's index " + idx + " refuses duplicates: if it is a constraint's index, renaming it renames the constraint, which ON CONFLICT ON CONSTRAINT names"
	}
	return ""
}

// defaultRefused says why a default set on table.column may make the running version's
// INSERTs that leave the column out fail, or "": the value must fit the column's type
// (valueFits) and its domain's constraints, pass every CHECK on the column, reference a row
// where a foreign key checks it, and not repeat in a unique key (a constant does, on the second
// such INSERT: 23505). What the folder does not say of the column (its type, its constraints)
// is not known, and the answer is then a reason too.
func (k *knowledge) defaultRefused(table, column string, def *pgq.Node) string {
	key := table + "." + column
	tn := k.cols[key]
	if tn == nil || k.unsure(table) {
		return "Greenlight does not know the column's type and constraints (no earlier migration in this folder creates it), which the default must satisfy"
	}
	declared := tn
	if tn = k.resolveDomain(tn); tn == nil {
		return "Greenlight does not know the column's type " + typeString(declared) + ", which may be a domain that cuts or refuses the default"
	}
	if !k.valueFits(tn, def, nil) {
		return "the default may not fit " + typeString(tn) + ": PostgreSQL cuts or checks it only when an INSERT uses it, and then the running version's INSERT fails (22001, 22003)"
	}
	if base, _, _ := typeOf(declared); k.checkedDomains[base] {
		return "the column's domain has a CHECK or NOT NULL constraint, which PostgreSQL applies to the default only when an INSERT uses it"
	}
	if constFails(def) {
		return "the default's constant expression fails when PostgreSQL folds it"
	}

	constant := true
	for _, f := range funcCalls(def) {
		if volatileDefaults[f] {
			constant = false
		}
	}
	vals := map[string]*pgq.A_Const{}
	if v := literalValue(def); v != nil && exactConst(tn, def) {
		vals[column] = v
	}
	for ckey, d := range k.defs {
		if t, name, _ := strings.Cut(ckey, "."); t != table || d == nil {
			continue
		} else {
			switch d.Contype {
			case pgq.ConstrType_CONSTR_CHECK:
				reads := false
				walkCols(d.RawExpr, func(c string) { reads = reads || c == column })
				if reads && (len(vals) == 0 || !checkHolds(d.RawExpr, vals)) {
					return "CHECK constraint " + name + " reads the column and may refuse the default, when an INSERT uses it (23514)"
				}
			case pgq.ConstrType_CONSTR_FOREIGN:
				if slices.Contains(strs(d.FkAttrs), column) {
					return "foreign key " + name + " checks the column: the default must reference a row, or the running version's INSERTs that leave it out fail (23503)"
				}
			}
		}
	}
	if !constant {
		return ""
	}
	for name, u := range k.uniq {
		if u.table == table && slices.Contains(u.cols, column) {
			return "unique key " + name + " covers the column: a constant default repeats on every INSERT that leaves it out, and the second one fails (23505)"
		}
	}
	for name, u := range k.exprIdx {
		if u.table == table && k.indexes[name] && slices.Contains(u.cols, column) {
			return "unique index " + name + " reads the column: a constant default may repeat in it (23505)"
		}
	}
	return ""
}

// learnSequenceOptions records what ALTER SEQUENCE (or an identity's SET) makes of seq's
// type and bounds: AS gives its type, MINVALUE or MAXVALUE a bound of its own; in a DO block,
// which may not run it, nothing is known of it.
func (k *knowledge) learnSequenceOptions(seq string, opts []*pgq.Node) {
	for _, o := range opts {
		d := o.GetDefElem()
		switch {
		case d == nil:
		case k.inDo:
			delete(k.seqTypes, seq)
		case d.Defname == "as" && k.seqTypes[seq] != "bounded":
			k.seqTypes[seq], _, _ = typeOf(d.Arg.GetTypeName())
		case (d.Defname == "maxvalue" || d.Defname == "minvalue") && d.Arg != nil:
			k.seqTypes[seq] = "bounded"
		}
	}
}

// ownedSequence records the sequence a serial or identity column gets, table_column_seq (the
// manual, 8.1.4; sql-createtable, GENERATED AS IDENTITY), with the column's integer type.
func (k *knowledge) ownedSequence(table string, cd *pgq.ColumnDef) {
	t, _, _ := typeOf(cd.TypeName)
	if n, ok := serialTypes[t]; ok {
		k.seqTypes[table+"_"+cd.Colname+"_seq"] = n
		return
	}
	for _, n := range cd.Constraints {
		if con := n.GetConstraint(); con != nil && con.Contype == pgq.ConstrType_CONSTR_IDENTITY {
			k.seqTypes[table+"_"+cd.Colname+"_seq"] = t
			for _, o := range con.Options {
				if d := o.GetDefElem(); d != nil && (d.Defname == "maxvalue" || d.Defname == "minvalue") && d.Arg != nil {
					k.seqTypes[table+"_"+cd.Colname+"_seq"] = "bounded"
				}
			}
		}
	}
}

// resolveDomain is the type a value of tn is stored as: a domain the folder made, followed to
// its base type and modifiers (a domain over varchar(8) cuts as varchar(8) does); a built-in
// type or one the folder made (an enum, a composite) as it is; nil for a type Greenlight does
// not know, which may be a domain with modifiers or constraints of its own.
func (k *knowledge) resolveDomain(tn *pgq.TypeName) *pgq.TypeName {
	for i := 0; tn != nil && i < 16; i++ {
		if len(tn.ArrayBounds) > 0 {
			return tn
		}
		names := strs(tn.Names)
		name := lastName(tn.Names)
		if base, ok := k.domainBase[strings.Join(names, ".")]; ok {
			if base == nil || len(names) == 1 && k.pathSet {
				return nil
			}
			tn = base
			continue
		}
		if len(names) == 2 && names[0] == "pg_catalog" || builtinNoDefault[name] || builtinTypes[name] {
			return tn
		}
		if _, made := k.noDefaultTypes[name]; made && !k.isDomainName(name) {
			return tn // an enum or composite the folder made
		}
		return nil
	}
	return nil
}

// builtinTypes are built-in types the parser names without pg_catalog, beside builtinNoDefault.
var builtinTypes = map[string]bool{"varchar": true, "bpchar": true, "int2": true, "int4": true, "int8": true, "float4": true, "float8": true,
	"numeric": true, "bool": true, "timestamp": true, "timestamptz": true, "time": true, "timetz": true, "interval": true, "bit": true, "varbit": true}

// isDomainName reports whether some CREATE DOMAIN of the folder made a domain of that bare name
// (in any schema).
func (k *knowledge) isDomainName(name string) bool {
	for key := range k.domainBase {
		if key == name || strings.HasSuffix(key, "."+name) {
			return true
		}
	}
	return false
}

// stringTypes are the string types whose || PostgreSQL resolves to textcat (varchar and
// char(n) are read as text).
var stringTypes = map[string]bool{"text": true, "varchar": true, "bpchar": true}

// countFuncs bound the integer (int4) that each built-in function returns for every argument:
// a string's length in characters or bytes (a value is less than 1 GB: the manual, 8.3), an
// array's element count (at most MaxArraySize, 2^27 - 1: utils/array.h) and its dimensions (at
// most 6, MAXDIM).
var countFuncs = map[string]int64{
	"char_length": 1<<30 - 1, "character_length": 1<<30 - 1, "length": 1<<30 - 1, "octet_length": 1<<30 - 1,
	"cardinality": 1 << 27, "array_length": 1 << 27, "array_ndims": 6,
}

// intBound bounds the absolute value of an integer expression e where PostgreSQL computes it
// without an error, and says the width of its type: integer columns and constants, the
// counts of countFuncs on a column of a string type (the length functions) or an array (the
// array functions), casts to an integer type they fit, and +, - and * whose every step stays
// within its type (int2 + int2 is int2, int4 + int8 int8: the manual, 9.3). ok is false for
// anything else, or when a step may leave its type's range (22003).
func intBound(e *pgq.Node, types map[string]*pgq.TypeName) (b *big.Int, bits int, ok bool) {
	fits := func(b *big.Int, bits int) bool { return b.Cmp(new(big.Int).Lsh(big.NewInt(1), uint(bits-1))) < 0 }
	switch {
	case e == nil:
		return nil, 0, false
	case e.GetColumnRef() != nil:
		f := strs(e.GetColumnRef().Fields)
		if len(f) != 1 || types[f[0]] == nil {
			return nil, 0, false
		}
		bits := intBits[baseOf(types[f[0]])] // no array: baseOf is "" for one
		if bits == 0 {
			return nil, 0, false
		}
		return new(big.Int).Lsh(big.NewInt(1), uint(bits-1)), bits, true
	case e.GetAConst() != nil:
		if iv := e.GetAConst().GetIval(); iv != nil {
			return new(big.Int).Abs(big.NewInt(int64(iv.Ival))), 32, true
		}
	case e.GetFuncCall() != nil:
		f := e.GetFuncCall()
		name := strings.ToLower(lastName(f.Funcname))
		limit, known := countFuncs[name]
		if !known || len(f.Funcname) > 2 || (len(f.Funcname) == 2 && strs(f.Funcname)[0] != "pg_catalog") ||
			f.AggFilter != nil || f.Over != nil || len(f.AggOrder) > 0 || f.FuncVariadic || len(f.Args) == 0 {
			return nil, 0, false
		}
		// Of a column: each of these but length takes only strings (or bytes, or bits), or
		// only arrays, and a column of another type fails the migration, not a write. length
		// also measures geometric types, in float8: only of a column known to be a string.
		cr := f.Args[0].GetColumnRef()
		if cr == nil || len(strs(cr.Fields)) != 1 {
			return nil, 0, false
		}
		switch name {
		case "array_length":
			ok = len(f.Args) == 2 && f.Args[1].GetAConst().GetIval() != nil
		case "length":
			base := baseOf(types[strs(cr.Fields)[0]])
			ok = len(f.Args) == 1 && (stringTypes[base] || base == "bytea")
		default:
			ok = len(f.Args) == 1
		}
		if !ok {
			return nil, 0, false
		}
		return big.NewInt(limit), 32, true
	case e.GetTypeCast() != nil:
		tc := e.GetTypeCast()
		want := intBits[baseOf(tc.TypeName)] // public.int4 is a domain, not int4
		if want == 0 {
			return nil, 0, false
		}
		b, _, ok := intBound(tc.Arg, types)
		if !ok || !fits(b, want) {
			return nil, 0, false
		}
		return b, want, true
	case e.GetAExpr() != nil:
		x := e.GetAExpr()
		op := lastName(x.Name)
		if x.Kind != pgq.A_Expr_Kind_AEXPR_OP || len(x.Name) != 1 || (op != "+" && op != "-" && op != "*") {
			return nil, 0, false
		}
		r, rbits, ok := intBound(x.Rexpr, types)
		if !ok {
			return nil, 0, false
		}
		if x.Lexpr == nil { // -x: -(-2^31) overflows (22003): x's bound must fit
			return r, rbits, op == "-" && fits(r, rbits)
		}
		l, lbits, ok := intBound(x.Lexpr, types)
		if !ok {
			return nil, 0, false
		}
		bits := max(lbits, rbits)
		var b *big.Int
		if op == "*" {
			b = new(big.Int).Mul(l, r)
		} else {
			b = new(big.Int).Add(l, r)
		}
		if !fits(b, bits) {
			return nil, 0, false
		}
		return b, bits, true
	}
	return nil, 0, false
}

// callShadowed says why a function or operator e calls may not be PostgreSQL's built-in, or "":
// one of that name some statement of the folder created (a function of any schema, any
// operator), an earlier statement Greenlight cannot read, or the database's own in a schema
// other than pg_catalog (a user's char_length(varchar) or ||(varchar, varchar) is an exact
// match and wins over pg_catalog's, which needs a coercion). A name qualified with pg_catalog
// is the built-in. The operators asked about are the ones the rules compute with (+, -, *,
// ||); comparisons are read as before.
func (k *knowledge) callShadowed(e *pgq.Node) string {
	why := ""
	ask := func(name string) bool {
		if k.cat == nil {
			return false
		}
		if k.userDefined == nil {
			k.userDefined = map[string]bool{}
		}
		if v, ok := k.userDefined[name]; ok {
			return v
		}
		v, err := k.cat.UserDefined(k.ctx, name)
		v = v || err != nil
		k.userDefined[name] = v
		return v
	}
	walk(e, func(r protoreflectMessage) {
		if why != "" {
			return
		}
		switch x := r.Interface().(type) {
		case *pgq.FuncCall:
			names := strs(x.Funcname)
			if len(names) == 2 && names[0] == "pg_catalog" {
				return
			}
			n := strings.ToLower(lastName(x.Funcname))
			switch {
			case k.funcs[n]:
				why = "a migration of the folder creates a function " + n + ", which may be the one called"
			case k.sawOpaque:
				why = "an earlier statement Greenlight cannot read may have created a function " + n
			case ask(n):
				why = "the database has a function " + n + " outside pg_catalog, which may be the one called"
			}
		case *pgq.A_Expr:
			names := strs(x.Name)
			if x.Kind != pgq.A_Expr_Kind_AEXPR_OP || len(names) == 2 && names[0] == "pg_catalog" || len(names) == 0 {
				return
			}
			op := names[len(names)-1]
			if op != "+" && op != "-" && op != "*" && op != "||" {
				return
			}
			switch {
			case k.userOps:
				why = "a migration of the folder creates an operator, which may be the " + op + " used"
			case k.sawOpaque:
				why = "an earlier statement Greenlight cannot read may have created an operator " + op
			case ask(op):
				why = "the database has an operator " + op + " outside pg_catalog, which may be the one used"
			}
		}
	})
	return why
}

// hasLike reports whether e matches a pattern (LIKE, ILIKE, their operators), which PostgreSQL
// refuses on a nondeterministic collation (0A000).
func hasLike(e *pgq.Node) bool {
	found := false
	walk(e, func(r protoreflectMessage) {
		if x, ok := r.Interface().(*pgq.A_Expr); ok && (x.Kind == pgq.A_Expr_Kind_AEXPR_LIKE || x.Kind == pgq.A_Expr_Kind_AEXPR_ILIKE || likeOps[lastName(x.Name)]) {
			found = true
		}
	})
	return found
}
