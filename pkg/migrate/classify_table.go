package migrate

import (
	"fmt"
	"slices"
	"strings"

	pgq "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
)

// Safer ways to make the changes that hold a lock while a table is rewritten or scanned, as
// squawk's rules and strong_migrations give them.
const (
	adviseNotValid   = "add it NOT VALID here and VALIDATE CONSTRAINT it in a later migration (validation takes only a SHARE UPDATE EXCLUSIVE lock)"
	adviseUsingIndex = "CREATE UNIQUE INDEX CONCURRENTLY in a migration of its own marked -- +goose NO TRANSACTION, then ADD CONSTRAINT … USING INDEX"
	adviseNotNull    = "add CHECK (col IS NOT NULL) NOT VALID, VALIDATE it in a later migration, then SET NOT NULL (PostgreSQL 12+ then skips the scan) and drop the check"
	adviseNewColumn  = "add a new column, write both, backfill in batches, switch readers, then drop the old one"
	adviseConcurrent = "use CREATE INDEX CONCURRENTLY in a migration of its own marked -- +goose NO TRANSACTION"
	adviseDropConcur = "use DROP INDEX CONCURRENTLY in a migration of its own marked -- +goose NO TRANSACTION"
	adviseVolatile   = "add the column without a default (or with a constant one), then backfill in batches and set the default"
)

// typeOf is a type's name without the pg_catalog prefix, and its modifiers (varchar(20) → 20).
func typeOf(tn *pgq.TypeName) (string, []int64, bool) {
	if tn == nil {
		return "", nil, false
	}
	var mods []int64
	for _, m := range tn.Typmods {
		if c := m.GetAConst(); c != nil && c.GetIval() != nil {
			mods = append(mods, int64(c.GetIval().Ival))
		}
	}
	return lastName(tn.Names), mods, len(tn.ArrayBounds) > 0
}

func typeString(tn *pgq.TypeName) string {
	n, mods, arr := typeOf(tn)
	s := n
	if len(mods) > 0 {
		var m []string
		for _, x := range mods {
			m = append(m, fmt.Sprint(x))
		}
		s += "(" + strings.Join(m, ",") + ")"
	}
	if arr {
		s += "[]"
	}
	return s
}

// sameType reports whether two type names name the same type with the same modifiers
// (pg_catalog's prefix aside: int and pg_catalog.int4 are one type, as the parser spells
// both). Anything it cannot compare exactly (a modifier that is not an integer, a serial
// pseudo-type) is not the same.
func sameType(a, b *pgq.TypeName) bool {
	if a == nil || b == nil || a.Setof || b.Setof || a.PctType || b.PctType {
		return false
	}
	names := func(tn *pgq.TypeName) string {
		n := strs(tn.Names)
		if len(n) == 2 && n[0] == "pg_catalog" {
			n = n[1:]
		}
		return strings.Join(n, ".")
	}
	ints := func(ns []*pgq.Node) ([]int32, bool) {
		var out []int32
		for _, m := range ns {
			if c := m.GetAConst(); c != nil && c.GetIval() != nil {
				out = append(out, c.GetIval().Ival)
			} else if iv := m.GetInteger(); iv != nil {
				out = append(out, iv.Ival)
			} else {
				return nil, false
			}
		}
		return out, true
	}
	equal := func(x, y []*pgq.Node) bool {
		xi, ok1 := ints(x)
		yi, ok2 := ints(y)
		if !ok1 || !ok2 || len(xi) != len(yi) {
			return false
		}
		for i := range xi {
			if xi[i] != yi[i] {
				return false
			}
		}
		return true
	}
	switch names(a) {
	case "serial", "bigserial", "smallserial", "serial2", "serial4", "serial8":
		return false
	}
	return names(a) == names(b) && equal(a.Typmods, b.Typmods) && len(a.ArrayBounds) == len(b.ArrayBounds) && equal(a.ArrayBounds, b.ArrayBounds)
}

// serialTypes are the serial pseudo-types and the integer type each makes its column.
var serialTypes = map[string]string{"serial": "int4", "serial4": "int4", "smallserial": "int2", "serial2": "int2", "bigserial": "int8", "serial8": "int8"}

// typeChange judges ALTER COLUMN … TYPE from the column's type as the earlier migrations left
// it: whether the running version still reads and writes it, and whether PostgreSQL rewrites
// the table (the manual, ALTER TABLE: a binary-coercible change to an unconstrained or wider
// type "will not require a table rewrite").
func typeChange(from, to *pgq.TypeName) (compatible, rewrite bool, why string) {
	fn, fm, fa := typeOf(from)
	tn, tm, ta := typeOf(to)
	// The manual (8.1.4, "Serial Types"): serial is integer with a sequence's default,
	// smallserial smallint, bigserial bigint.
	if n, ok := serialTypes[fn]; ok {
		fn = n
	}
	if from == nil {
		return false, true, "Greenlight does not know the column's current type (no earlier migration in this folder sets it)"
	}
	if fa || ta {
		// An array whose element widens its modifiers takes every array the running version
		// writes (varchar(255)[] → varchar(300)[], River's tags), but PostgreSQL coerces it
		// element by element, which it does not show to be a no-op: the table is rewritten
		// (the manual, ALTER TABLE, Notes; measured on 15).
		// Only the element's modifiers may change: the array type stays the same
		// (varchar(n)[] and varchar(m)[] are both varchar[]), so its operators do. Arrays of
		// two element types have no operators between them (int8[] @> int4[] is 42883, as
		// varchar[] = text[] is not: the array operators take one type), unlike the scalar
		// types' cross-type operators.
		if fa && ta && len(from.ArrayBounds) == len(to.ArrayBounds) && fn == tn && (fn == "varchar" || fn == "numeric") {
			fe, te := proto.Clone(from).(*pgq.TypeName), proto.Clone(to).(*pgq.TypeName)
			fe.ArrayBounds, te.ArrayBounds = nil, nil
			if ok, _, why := typeChange(fe, te); ok {
				return true, true, "an array of " + typeString(te) + " for one of " + typeString(fe) + ": the same array type, " + why + ", element by element; PostgreSQL rewrites the table to convert each array"
			}
		}
		return false, true, "array types"
	}
	wider := func() bool { // to's modifiers are absent or at least from's
		if len(tm) == 0 {
			return true
		}
		if len(fm) == 0 {
			return false
		}
		return tm[0] >= fm[0]
	}
	switch {
	case fn == "varchar" && tn == "varchar" && wider():
		return true, false, "a longer varchar takes every value the running version writes, without a rewrite"
	case (fn == "varchar" || fn == "text") && tn == "text":
		return true, false, "text takes every value the running version writes, without a rewrite"
	case fn == "numeric" && tn == "numeric" && (len(tm) == 0 || (len(fm) == 2 && len(tm) == 2 && tm[1] == fm[1] && tm[0] >= fm[0])):
		return true, false, "a wider numeric with the same scale takes every value, without a rewrite"
	case fn == "varbit" && tn == "varbit" && wider():
		return true, false, "a longer bit varying, without a rewrite"
	case fn == tn && (fn == "timestamp" || fn == "timestamptz" || fn == "time" || fn == "timetz") && wider():
		// The same type with more fractional digits keeps every stored value without a rewrite,
		// but stops rounding what the running version writes: 10:00:00.4, rounded onto a
		// booked 10:00:00 and refused by a unique key before, is stored and accepted (the fifth
		// attacking review), as a numeric scale made larger would be.
		return false, false, "a finer precision stops rounding what the running version writes, which then reads back and compares otherwise"
	case fn == "int2" && (tn == "int4" || tn == "int8"), fn == "int4" && tn == "int8":
		return true, true, "a wider integer reads back every value the running version writes"
	}
	// real to double precision is not: 4.1 stored as real reads back as 4.099999904632568,
	// which the running version's = '4.1' no longer finds (the manual, 8.1.3).
	return false, true, "the running version reads and writes the old type " + typeString(from)
}

// constraintName is the name PostgreSQL gives a constraint: its own, or the default made of
// the table, the columns and a suffix (pkey, key, fkey, check, excl).
func constraintName(table, col string, con *pgq.Constraint) string {
	if con.Conname != "" {
		return con.Conname
	}
	if con.Indexname != "" {
		return con.Indexname // ADD UNIQUE/PRIMARY KEY USING INDEX: the index's name (sql-altertable)
	}
	cols := strs(con.Keys)
	if con.Contype == pgq.ConstrType_CONSTR_FOREIGN {
		cols = strs(con.FkAttrs)
	}
	if col != "" {
		cols = []string{col}
	}
	if con.Contype == pgq.ConstrType_CONSTR_CHECK && len(cols) == 0 {
		walkCols(con.RawExpr, func(c string) {
			if len(cols) == 0 {
				cols = []string{c}
			}
		})
	}
	suffix := map[pgq.ConstrType]string{pgq.ConstrType_CONSTR_PRIMARY: "pkey", pgq.ConstrType_CONSTR_UNIQUE: "key",
		pgq.ConstrType_CONSTR_FOREIGN: "fkey", pgq.ConstrType_CONSTR_CHECK: "check", pgq.ConstrType_CONSTR_EXCLUSION: "excl"}[con.Contype]
	if con.Contype == pgq.ConstrType_CONSTR_PRIMARY || len(cols) == 0 {
		return table + "_" + suffix
	}
	return table + "_" + strings.Join(cols, "_") + "_" + suffix
}

func walkCols(n *pgq.Node, fn func(string)) {
	if n == nil {
		return
	}
	walk(n, func(r protoreflectMessage) {
		if cr, ok := r.Interface().(*pgq.ColumnRef); ok {
			if f := strs(cr.Fields); len(f) > 0 {
				fn(f[len(f)-1])
			}
		}
	})
}

// learnConstraint records a constraint's kind and, for those backed by an index, the index.
func (k *knowledge) learnConstraint(table, col string, con *pgq.Constraint) {
	switch con.Contype {
	case pgq.ConstrType_CONSTR_NOTNULL:
		if col != "" {
			k.notNull[table+"."+col] = true
		}
	case pgq.ConstrType_CONSTR_PRIMARY: // a primary key makes its columns NOT NULL
		if col != "" {
			k.notNull[table+"."+col] = true
		}
		for _, c := range strs(con.Keys) {
			k.notNull[table+"."+c] = true
		}
	}
	switch con.Contype {
	case pgq.ConstrType_CONSTR_CHECK, pgq.ConstrType_CONSTR_PRIMARY, pgq.ConstrType_CONSTR_UNIQUE, pgq.ConstrType_CONSTR_FOREIGN, pgq.ConstrType_CONSTR_EXCLUSION:
		name := constraintName(table, col, con)
		if con.Contype == pgq.ConstrType_CONSTR_CHECK {
			if col != "" {
				k.checked[table+"."+col] = true
			}
			walkCols(con.RawExpr, func(c string) { k.checked[table+"."+c] = true })
		}
		k.cons[table+"."+name] = con.Contype
		k.defs[table+"."+name] = normalizedConstraint(col, con)
		if con.Contype != pgq.ConstrType_CONSTR_CHECK && con.Contype != pgq.ConstrType_CONSTR_FOREIGN {
			k.indexes[name] = true
		}
		if (con.Contype == pgq.ConstrType_CONSTR_UNIQUE || con.Contype == pgq.ConstrType_CONSTR_PRIMARY) && (con.Deferrable || k.inDo) && con.Indexname != "" {
			delete(k.uniq, con.Indexname) // the index is a deferrable constraint's now: it refuses at commit
		}
		if (con.Contype == pgq.ConstrType_CONSTR_UNIQUE || con.Contype == pgq.ConstrType_CONSTR_PRIMARY) && !con.Deferrable && !k.inDo {
			if con.Indexname != "" { // USING INDEX: the index becomes the constraint's, under its name
				if u, ok := k.uniq[con.Indexname]; ok {
					delete(k.uniq, con.Indexname)
					k.uniq[name] = u
				}
			} else {
				k.learnUnique(name, table, strs(k.defs[table+"."+name].Keys))
				if u, ok := k.uniq[name]; ok {
					u.nnd = con.NullsNotDistinct
					k.uniq[name] = u
				}
			}
		}
	}
}

func (k *knowledge) createTable(c *cls, ct *pgq.CreateStmt) *cls {
	table := rvKey(ct.Relation)
	if (ct.IfNotExists || k.inDo) && !k.relationAbsent(ct.Relation) {
		// PostgreSQL skips CREATE TABLE IF NOT EXISTS of a table that exists, with a notice:
		// what follows on it is on the existing table, whose columns and constraints the
		// statement does not say.
		c.expand("adds table " + rvName(ct.Relation) + " if it does not exist")
		c.Why = "an earlier migration made it, or Greenlight cannot tell that the database lacks it: what follows on it is on an existing table"
		return c
	}
	shadows := k.shadowed(ct.Relation)
	k.newRels[table] = true
	k.forgetTable(table)
	k.created(ct.Relation)
	for _, e := range ct.TableElts {
		if cd := e.GetColumnDef(); cd != nil {
			k.cols[table+"."+cd.Colname] = cd.TypeName
			k.ownedSequence(table, cd)
			if len(ct.InhRelations) == 0 && ct.Partbound == nil {
				// A column merged with a parent's takes its default (ddl-inherit).
				k.defaults[table+"."+cd.Colname] = columnHasDefault(cd)
			}
			if cd.IsNotNull {
				k.notNull[table+"."+cd.Colname] = true
			}
			for _, cn := range cd.Constraints {
				if con := cn.GetConstraint(); con != nil {
					k.learnConstraint(table, cd.Colname, con)
				}
			}
		}
		if con := e.GetConstraint(); con != nil {
			k.learnConstraint(table, "", con)
		}
	}
	for _, cn := range ct.Constraints {
		if con := cn.GetConstraint(); con != nil {
			k.learnConstraint(table, "", con)
		}
	}
	for _, p := range ct.InhRelations {
		if rv := p.GetRangeVar(); rv != nil {
			k.parents[rvKey(rv)] = true
			if ct.Partbound.GetIsDefault() {
				k.defaultParts[rvKey(rv)] = true
			}
		}
	}
	if shadows != "" {
		return c.contract("adds table "+rvName(ct.Relation)+" beside a relation of the same name", shadows)
	}
	besideDefault := ct.Partbound != nil && !ct.Partbound.IsDefault && len(ct.InhRelations) == 1 && k.mayHaveDefaultPartition(ct.InhRelations[0].GetRangeVar())
	if besideDefault {
		// The running version's inserts in its range, which the DEFAULT partition took, come
		// here now: it is not a table the running version does not write, for the rules that
		// follow (a unique index, SET NOT NULL on it).
		delete(k.newRels, table)
	}
	if besideDefault && (len(ct.TableElts) > 0 || len(ct.Constraints) > 0) {
		// Beside a DEFAULT partition, which took the range's inserts, a partition with
		// constraints of its own may refuse them (23502, 23514).
		return c.contract("adds partition "+rvName(ct.Relation)+" with constraints of its own beside a DEFAULT partition",
			"the running version's inserts in its range went to the DEFAULT partition, and this one's own NOT NULL or CHECK may refuse them; give it no constraints of its own, or add them NOT VALID once only the new version writes").lock(LockAccessExclusive)
	}
	if ct.Partbound != nil {
		return c.expand("adds partition " + rvName(ct.Relation)).lock(LockShareUpdateExclusive)
	}
	return c.expand("adds table " + rvName(ct.Relation))
}

// shadowed says why a new relation of rv's name may take the place of another in the running
// version's queries, or "": a relation of that name in another schema, which the folder made
// or the database has. An unqualified name is found in the first schema of search_path that
// has it (the manual, 5.9.3), and "$user" comes first by default: a table made in a schema
// named after the running version's role, or in one its search_path lists earlier, is then the
// one its queries read and write.
func (k *knowledge) shadowed(rv *pgq.RangeVar) string {
	name, own := rvKey(rv), schemaOf(rv)
	for s := range k.relSchemas[name] {
		if s != own {
			return "a relation " + name + " exists in schema " + s + ": the running version's queries that name " + name + " without a schema may find the new one first (search_path, where \"$user\" comes first); give it another name"
		}
	}
	if k.cat == nil || !k.pending || k.named(name) {
		return ""
	}
	exists, err := k.cat.Relation(k.ctx, "", name)
	switch {
	case err != nil:
		return "Greenlight could not ask the database whether another schema has a relation " + name + ": " + err.Error()
	case exists:
		return "the database has a relation " + name + " in another schema: the running version's queries that name it without a schema may find the new one first (search_path, where \"$user\" comes first); give it another name"
	}
	return ""
}

// forgetTable drops what is known of the columns of a table of that name, before it is
// created anew: what is not known is contract.
func (k *knowledge) forgetTable(table string) {
	for key := range k.notNull {
		if strings.HasPrefix(key, table+".") {
			delete(k.notNull, key)
		}
	}
}

// forgetColumn drops what is known of a column (dropped or renamed away).
func (k *knowledge) forgetColumn(key string) {
	delete(k.cols, key)
	delete(k.notNull, key)
	delete(k.newCols, key)
}

func (k *knowledge) createIndex(c *cls, ix *pgq.IndexStmt) *cls {
	table := rvName(ix.Relation)
	name := ix.Idxname
	// IF NOT EXISTS over an index that exists does nothing: what the folder knows of it
	// stands. For a pending migration the database says whether one exists, whose definition
	// Greenlight does not know; where it cannot say, nothing is learnt of the name either. (An
	// applied migration's index is in the database because of it: the folder alone says.)
	skipped := false
	if ix.IfNotExists && name != "" {
		if _, made := k.indexes[name]; made {
			skipped = true
		} else if k.pending && k.cat != nil {
			if asked, exists, _, _ := k.askIndex(name); !asked || exists {
				skipped = true
				delete(k.uniq, name)
			}
		}
	}
	if name != "" {
		if !skipped {
			k.indexes[name] = ix.Unique
		}
		name += " "
	}
	c.NonTransactional = ix.Concurrent
	btree := ix.AccessMethod == "" || ix.AccessMethod == "btree"
	var implied string
	if ix.Unique && btree && !ix.NullsNotDistinct {
		implied = k.impliedUnique(rvKey(ix.Relation), newIndexCols(ix.IndexParams))
	}
	switch {
	case ix.Unique && !k.newRels[rvKey(ix.Relation)] && implied != "":
		c.expand("adds unique index " + name + "on " + table + " on columns that include all of unique " + implied + "'s")
		c.Why = implied + " already refuses every duplicate it would refuse: rows equal on all its columns are equal on " + implied + "'s (the manual, CREATE INDEX: a unique index refuses equal keys, and NULLs are not equal)"
	case ix.Unique && !k.newRels[rvKey(ix.Relation)] && btree && k.sparesRunning(rvKey(ix.Relation), indexCols(ix.IndexParams), ix.NullsNotDistinct, ix.WhereClause) != "":
		c.expand("adds unique index " + name + "on " + table + ", which the running version's rows never enter or never collide in")
		c.Why = k.sparesRunning(rvKey(ix.Relation), indexCols(ix.IndexParams), ix.NullsNotDistinct, ix.WhereClause)
	case ix.Unique && !k.newRels[rvKey(ix.Relation)]:
		c.contract("adds unique index "+name+"on "+table, "a unique index rejects writes the running version may still make; add it once only the new version writes")
	default:
		c.expand("adds index " + name + "on " + table)
	}
	why := indexMayFail(ix, k.colTypes(rvKey(ix.Relation)))
	if why == "" && c.Class == ClassExpand && !k.isNew(rvKey(ix.Relation)) {
		for _, p := range ix.IndexParams {
			if s := k.callShadowed(p.GetIndexElem().GetExpr()); s != "" && why == "" {
				why = "its expression runs on every write of the running version, and " + s + ", which PostgreSQL's rules for the built-in do not cover"
			}
		}
		if k.userCollations && (hasLike(ix.WhereClause) || slices.ContainsFunc(ix.IndexParams, func(p *pgq.Node) bool { return hasLike(p.GetIndexElem().GetExpr()) })) {
			why = "a migration of the folder creates a collation, which may be nondeterministic: LIKE on a column of one fails every write (0A000)"
		}
		if s := k.callShadowed(ix.WhereClause); s != "" && why == "" {
			why = "its predicate runs on every write of the running version, and " + s + ", which PostgreSQL's rules for the built-in do not cover"
		}
	}
	if why != "" && c.Class == ClassExpand && !k.isNew(rvKey(ix.Relation)) {
		c.contract("adds index "+name+"on "+table+" with an expression or predicate that may fail", why)
	}
	if d, ok := k.droppedIdx[ix.Idxname]; ok && c.Class == ClassContract && ix.Unique && btree && ix.WhereClause == nil && !ix.Concurrent &&
		d.table == rvKey(ix.Relation) && schemaOf(ix.Relation) == k.relSchema[d.table] && !k.unsure(d.table) &&
		d.nnd == ix.NullsNotDistinct && len(indexCols(ix.IndexParams)) > 0 && slices.Equal(d.cols, indexCols(ix.IndexParams)) {
		// Created again as the unique index the migration dropped: the drop's ACCESS EXCLUSIVE
		// lock, held to the commit, kept the running version from seeing the table without it.
		delete(k.droppedIdx, ix.Idxname)
		why := "the same unique index as the one dropped earlier in this migration (same table, columns, NULLS [NOT] DISTINCT, no predicate): it refuses what it refused"
		k.settle[d.key] = func() (string, bool) { return "created again later in this migration: " + why, true }
		c.expand("adds unique index " + name + "on " + table + " again, as it was")
		c.Why = why
	}
	if ix.Unique && btree && ix.WhereClause == nil && !skipped && !k.inDo { // a DO block's branch may not run
		k.learnUnique(ix.Idxname, rvKey(ix.Relation), indexCols(ix.IndexParams))
		if u, ok := k.uniq[ix.Idxname]; ok {
			u.nnd = ix.NullsNotDistinct
			k.uniq[ix.Idxname] = u
		}
	}
	k.learnExprIndex(ix)
	if ix.Concurrent {
		return c.lock(LockShareUpdateExclusive)
	}
	if k.isNew(rvKey(ix.Relation)) {
		return c
	}
	k.holdLock(rvKey(ix.Relation), Change{Lock: LockShare, Line: c.Line})
	return c.lock(LockShare).warn("CREATE INDEX without CONCURRENTLY blocks writes to " + table + " while it builds; " + adviseConcurrent + " (squawk: require-concurrent-index-creation)")
}

func (k *knowledge) drop(c *cls, d *pgq.DropStmt) *cls {
	kind := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(d.RemoveType.String(), "OBJECT_"), "_", " "))
	var names []string
	allNew := true
	for _, o := range d.Objects {
		n := objectName(o)
		names = append(names, n)
		if !k.isNew(n[strings.LastIndexByte(n, '.')+1:]) {
			allNew = false
		}
	}
	name := strings.Join(names, ", ")
	c.NonTransactional = d.Concurrent
	gone, askErr := k.absent(d, names)
	if gone {
		return c.expand("drops nothing: the database has no " + kind + " " + name + " and no migration before it creates one (IF EXISTS)")
	}
	switch d.RemoveType {
	case pgq.ObjectType_OBJECT_TABLE, pgq.ObjectType_OBJECT_VIEW, pgq.ObjectType_OBJECT_MATVIEW, pgq.ObjectType_OBJECT_SEQUENCE:
		var view *pgq.ViewStmt
		var key string
		for _, n := range names {
			key = n[strings.LastIndexByte(n, '.')+1:]
			view = k.views[key]
			delete(k.views, key)
			for u, uk := range k.uniq {
				if uk.table == key {
					delete(k.uniq, u)
				}
			}
		}
		if allNew {
			return c.expand("drops " + kind + " " + name + ", created earlier in this migration")
		}
		why := "the running version may still use it; drop it in a later release, once no serving version reads or writes it"
		if askErr != nil {
			why += " (Greenlight could not ask the database whether it has it: " + askErr.Error() + ")"
		}
		c.contract("drops "+kind+" "+name, why).lock(LockAccessExclusive)
		if d.RemoveType == pgq.ObjectType_OBJECT_VIEW && len(names) == 1 && view != nil && d.Behavior != pgq.DropBehavior_DROP_CASCADE && k.transactional && !k.hooked[key] {
			// Undone if the migration creates it again as it was (view, in classify_net.go).
			k.seq++
			c.pending = fmt.Sprintf("view:%s#%d", key, k.seq)
			k.droppedViews[key] = droppedView{def: view, privs: clonePrivs(k.privs[key]), key: c.pending, defaults: k.viewDefaults[key]}
			delete(k.viewDefaults, key)
		}
		return c
	case pgq.ObjectType_OBJECT_INDEX:
		kept := k.uniqueKept(names, d.Behavior == pgq.DropBehavior_DROP_CASCADE)
		var redo *droppedIndex
		if u, ok := k.uniq[names[0][strings.LastIndexByte(names[0], '.')+1:]]; ok && len(names) == 1 && k.transactional && !d.Concurrent && !k.unsure(u.table) &&
			!k.replicaIdentity(names[0][strings.LastIndexByte(names[0], '.')+1:]) {
			redo = &droppedIndex{uniqueKey: u}
		}
		for _, n := range names {
			delete(k.uniq, n[strings.LastIndexByte(n, '.')+1:])
			delete(k.exprIdx, n[strings.LastIndexByte(n, '.')+1:])
		}
		unique, known, absent := false, true, 0
		for _, n := range names {
			u, ok := k.indexes[n[strings.LastIndexByte(n, '.')+1:]]
			if !ok {
				// No migration of the folder creates it: the database may say what it is.
				asked, exists, uu, err := k.askIndex(n)
				switch {
				case err != nil:
					askErr = err
				case asked && !exists && d.MissingOk:
					absent++
					continue
				case asked && exists:
					u, ok = uu, true
				}
			}
			unique, known = unique || u, known && ok
		}
		switch {
		case absent == len(names):
			return c.expand("drops nothing: the database has no index " + name + " and no migration before it creates one (DROP INDEX IF EXISTS)")
		case !known && askErr != nil:
			c.contract("drops index "+name, "Greenlight does not know whether it is unique (no earlier migration in this folder creates it, and it could not ask the database: "+askErr.Error()+"): the running version's ON CONFLICT and its guarantee of unique rows may depend on it")
		case !known:
			c.contract("drops index "+name, "Greenlight does not know whether it is unique (no earlier migration in this folder creates it): the running version's ON CONFLICT and its guarantee of unique rows may depend on it")
		case unique && kept != "":
			c.expand("drops unique index " + name)
			c.Why = kept
		case unique:
			c.contract("drops unique index "+name, "the running version's ON CONFLICT and its guarantee of unique rows depend on it")
			if redo != nil && d.Behavior != pgq.DropBehavior_DROP_CASCADE {
				// Undone if the migration creates it again as it was (createIndex).
				k.seq++
				c.pending = fmt.Sprintf("index:%s#%d", name, k.seq)
				redo.key = c.pending
				k.droppedIdx[names[0][strings.LastIndexByte(names[0], '.')+1:]] = *redo
			}
		default:
			c.expand("drops index " + name + " (the running version's queries still work, maybe slower)")
		}
		if !d.Concurrent {
			c.lock(LockAccessExclusive).warn("DROP INDEX without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on the table, waiting behind every running query; " + adviseDropConcur + " (squawk: require-concurrent-index-deletion)")
		}
		return c
	}
	why := "the running version may still use it; drop it in a later release, once no serving version uses it"
	if askErr != nil {
		why += " (Greenlight could not ask the database whether it has it: " + askErr.Error() + ")"
	}
	return c.contract("drops "+kind+" "+name, why)
}

func (k *knowledge) rename(c *cls, r *pgq.RenameStmt) *cls {
	rel := rvName(r.Relation)
	switch r.RenameType {
	case pgq.ObjectType_OBJECT_TABLE:
		for u, uk := range k.uniq {
			if uk.table == rvKey(r.Relation) {
				delete(k.uniq, u)
			}
		}
		return c.contract("renames table "+rel+" to "+r.Newname, "the running version's queries name "+rel+"; add the new table (or a view) first and move readers and writers over across releases").lock(LockAccessExclusive)
	case pgq.ObjectType_OBJECT_COLUMN:
		from, to := rvKey(r.Relation)+"."+r.Subname, rvKey(r.Relation)+"."+r.Newname
		k.forgetColumn(to)
		if tn, ok := k.cols[from]; ok {
			k.cols[to] = tn
		}
		if k.notNull[from] {
			k.notNull[to] = true
		}
		k.forgetColumn(from)
		k.forgetUniqueCol(rvKey(r.Relation), r.Subname, r.Newname)
		return c.contract(fmt.Sprintf("renames column %s.%s to %s", rel, r.Subname, r.Newname),
			"the running version still reads and writes "+r.Subname+"; add the new column, write both, backfill, switch readers, and drop the old column in a later release").lock(LockAccessExclusive)
	case pgq.ObjectType_OBJECT_INDEX:
		if u, ok := k.uniq[rvKey(r.Relation)]; ok {
			delete(k.uniq, rvKey(r.Relation))
			k.uniq[r.Newname] = u
		}
		if u, ok := k.exprIdx[rvKey(r.Relation)]; ok {
			delete(k.exprIdx, rvKey(r.Relation))
			k.exprIdx[r.Newname] = u
		}
		if why := k.indexBacksConstraint(rvKey(r.Relation), r.Relation.GetSchemaname()); why != "" {
			return c.contract("renames index "+rel, why)
		}
		return c.expand("renames index " + rel + " (queries do not name indexes)")
	case pgq.ObjectType_OBJECT_TRIGGER, pgq.ObjectType_OBJECT_RULE, pgq.ObjectType_OBJECT_POLICY:
		return c.expand("renames " + strings.ToLower(strings.TrimPrefix(r.RenameType.String(), "OBJECT_")) + " " + r.Subname + " (queries do not name it)")
	case pgq.ObjectType_OBJECT_TABCONSTRAINT, pgq.ObjectType_OBJECT_DOMCONSTRAINT:
		if u, ok := k.uniq[r.Subname]; ok { // the constraint's index is renamed with it
			delete(k.uniq, r.Subname)
			if !k.inDo {
				k.uniq[r.Newname] = u
			}
		}
		return c.contract("renames constraint "+r.Subname+" of "+rel, "the running version may name it (ON CONFLICT ON CONSTRAINT, or errors matched by constraint name)")
	}
	what := strings.ToLower(strings.ReplaceAll(strings.TrimPrefix(r.RenameType.String(), "OBJECT_"), "_", " "))
	return c.contract("renames "+what+" "+firstNonEmpty(rel, objectName(r.Object), r.Subname)+" to "+r.Newname, "the running version names it as it is now")
}

func firstNonEmpty(s ...string) string {
	for _, x := range s {
		if x != "" && x != "?" {
			return x
		}
	}
	return "?"
}

func (k *knowledge) alterTable(base Change, a *pgq.AlterTableStmt) []Change {
	table := rvKey(a.Relation)
	name := rvName(a.Relation)
	var out []Change
	for _, cn := range a.Cmds {
		cmd := cn.GetAlterTableCmd()
		if cmd == nil {
			continue
		}
		c := &cls{Change: base}
		k.alterCmd(c, a.Objtype, table, name, cmd)
		k.holdLock(table, c.Change)
		if k.isNew(table) {
			// Nothing but this migration uses a relation it created: no version reads it yet, and
			// no lock waits on it.
			c.Class, c.Why, c.Warning, c.Lock, c.Rewrite = ClassExpand, "", "", "", false
			c.What += " (created in this migration)"
		}
		out = append(out, c.Change)
	}
	if len(out) == 0 {
		c := &cls{Change: base}
		out = append(out, c.contract("alters "+name, unknownWhy).Change)
	}
	return out
}

// alterCmd classifies one subcommand of ALTER TABLE (the manual, ALTER TABLE, lists each with
// the lock it takes).
func (k *knowledge) alterCmd(c *cls, objtype pgq.ObjectType, table, name string, cmd *pgq.AlterTableCmd) {
	col := name + "." + cmd.Name
	c.lock(LockAccessExclusive) // most subcommands; the weaker ones set theirs below
	switch cmd.Subtype {
	case pgq.AlterTableType_AT_AddIdentity:
		k.defaults[table+"."+cmd.Name] = true
	case pgq.AlterTableType_AT_DropIdentity, pgq.AlterTableType_AT_DropExpression:
		k.defaults[table+"."+cmd.Name] = false
	}
	switch cmd.Subtype {
	case pgq.AlterTableType_AT_AddColumn:
		k.addColumn(c, table, name, cmd.Def.GetColumnDef(), cmd.MissingOk || k.inDo)
	case pgq.AlterTableType_AT_ColumnDefault:
		isView := objtype == pgq.ObjectType_OBJECT_VIEW || k.views[table] != nil
		if isNull, _ := defaultVolatility(cmd.Def); isView && !isNull {
			k.viewDefaults[table] = true
			// The default fills the view's INSERTs that leave the column out, and goes to the
			// column of the table under it, whose type, CHECKs and unique keys it must suit;
			// Greenlight does not follow a view's column to its table's.
			c.contract("sets a default on "+col+" of view "+name, "the INSERTs through the view that leave the column out write it to the column of the table under it, whose type and keys Greenlight does not check it against (22001, 23505)")
			break
		}
		key := table + "." + cmd.Name
		k.filledDefault[key] = nonNullExpr(cmd.Def)
		had, known := k.defaults[key]
		isNull, _ := defaultVolatility(cmd.Def)
		k.defaults[key] = !isNull
		if isNull && known && !had && !k.typeMayDefault(k.cols[key]) && !k.unsure(table) {
			// No default to drop: the running version's INSERTs that leave the column out get
			// NULL before and after (a type without a default of its own).
			c.Lock = LockAccessExclusive
			c.expand("drops the default of " + col + ", which has none (no earlier migration gave it one)")
			break
		}
		if k.inDo {
			// The block may not run it: what the column's INSERTs get is not known after it.
			defer func() {
				k.filledDefault[key] = false
				delete(k.defaults, key)
				if _, ok := k.newCols[key]; ok {
					k.newCols[key], k.defaultSet[key] = false, true
					delete(k.newConst, key)
				}
			}()
		}
		if isNull {
			c.contract("drops the default of "+col, "the running version's INSERTs may rely on it")
			if _, ok := k.newCols[key]; ok { // rows with the old default and rows with NULL
				k.newCols[key], k.defaultSet[key] = false, true
				delete(k.newConst, key)
			}
		} else if k.notNull[key] && !nonNullExpr(cmd.Def) {
			// The running version's INSERTs that leave a NOT NULL column out write its default,
			// which this one may make NULL (23502).
			c.contract("sets a default on "+col+" that may be NULL", "the column is NOT NULL and the running version's INSERTs that leave it out would write NULL there; use a default that is never NULL (a constant, now(), nextval)")
		} else if why := k.defaultRefused(table, cmd.Name, cmd.Def); why != "" && objtype != pgq.ObjectType_OBJECT_VIEW {
			c.contract("sets a default on "+col+" that the running version's INSERTs may not store", why)
		} else {
			c.expand("sets a default on " + col)
			if wasNull, ok := k.newCols[key]; ok {
				// The running version's INSERTs now fill it with this default; the rows before
				// keep NULL, or the first default if it had one (then two values: none known).
				k.newCols[key], k.defaultSet[key] = false, true
				delete(k.newConst, key)
				if wasNull && k.newExact[key] && exactConst(k.cols[key], cmd.Def) {
					k.newConst[key] = cmd.Def
				}
			}
		}
	case pgq.AlterTableType_AT_DropNotNull:
		c.expand("lets " + col + " be NULL")
		delete(k.notNull, table+"."+cmd.Name)
	case pgq.AlterTableType_AT_SetNotNull:
		if k.notNull[table+"."+cmd.Name] {
			// The manual (ALTER TABLE, SET NOT NULL) scans for NULLs to mark a column NOT NULL;
			// a column marked already is left as it is, without a scan (measured on 15).
			c.expand("sets " + col + " NOT NULL, which it is already (an earlier migration made it so): nothing changes")
			break
		}
		if _, added := k.newCols[table+"."+cmd.Name]; added && k.filledDefault[table+"."+cmd.Name] && k.transactional && !k.unsure(table) {
			// The running version does not know the column: its INSERTs leave it to the default,
			// which is never NULL, and its UPDATEs do not set it. A row the migration left NULL
			// fails the SET NOT NULL, and with it the migration, before anything is applied.
			c.expand("sets " + col + " NOT NULL, a column added in this migration whose default is never NULL")
			c.Why = "the running version does not know " + col + ": its INSERTs fill it with the default, never NULL, and its UPDATEs leave it as it is; if a row holds NULL, SET NOT NULL fails and the migration is rolled back (the manual, ALTER TABLE, SET NOT NULL)"
		} else {
			c.contract("sets "+col+" NOT NULL", "the running version may still write NULL there; set it once only the new version writes")
			key := table + "." + cmd.Name
			if _, added := k.newCols[key]; added && k.transactional && !k.unsure(table) {
				// A default never NULL set later in the same transaction: the running version
				// sees only the migration's end, where its INSERTs fill the column.
				k.seq++
				c.pending = fmt.Sprintf("notnull:%s#%d", key, k.seq)
				k.settle[c.pending] = func() (string, bool) {
					if _, still := k.newCols[key]; still && k.filledDefault[key] && k.notNull[key] && !k.unsure(table) {
						return "the running version does not know " + col + ": by the end of this migration, one transaction, its INSERTs fill it with a default that is never NULL, set after SET NOT NULL, and its UPDATEs leave it as it is", true
					}
					return "", false
				}
			}
		}
		c.warn("SET NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock; " + adviseNotNull + " (squawk: adding-not-nullable-field)")
		if !k.inDo { // a DO block's branch may not run
			k.notNull[table+"."+cmd.Name] = true
		}
	case pgq.AlterTableType_AT_SetExpression:
		c.Rewrite = true
		c.contract("changes the generation expression of "+col, "the running version reads the values the old expression computed").
			warn("SET EXPRESSION rewrites the table under an ACCESS EXCLUSIVE lock; " + adviseNewColumn + " (squawk: ban-alter-generated-expression)")
	case pgq.AlterTableType_AT_DropExpression:
		c.contract("stops generating "+col, "the running version's inserts no longer fill it: its new rows read NULL there")
	case pgq.AlterTableType_AT_SetStatistics, pgq.AlterTableType_AT_SetOptions, pgq.AlterTableType_AT_ResetOptions:
		c.Lock = LockShareUpdateExclusive
		c.expand("changes planner settings of " + col)
	case pgq.AlterTableType_AT_SetStorage, pgq.AlterTableType_AT_SetCompression:
		c.expand("changes how new values of " + col + " are stored (no rewrite)")
	case pgq.AlterTableType_AT_DropColumn:
		c.contract("drops column "+col, "the running version may still read or write "+cmd.Name+"; ship a release that no longer uses it first, and drop it in a later one")
		k.forgetColumn(table + "." + cmd.Name)
		k.forgetUniqueCol(table, cmd.Name, "")
	case pgq.AlterTableType_AT_AddConstraint:
		k.addConstraint(c, table, name, cmd.Def.GetConstraint())
	case pgq.AlterTableType_AT_AlterConstraint:
		c.contract("changes when constraint "+cmd.Name+" of "+name+" is checked", "the running version's transactions would fail at another point than they do now")
	case pgq.AlterTableType_AT_ValidateConstraint:
		c.Lock = LockShareUpdateExclusive
		c.expand("validates constraint " + cmd.Name + " of " + name + " on existing rows")
		if k.notValid[table+"."+cmd.Name] {
			c.Lock = LockAccessExclusive
			c.warn("VALIDATE in the migration that added the constraint NOT VALID runs under the ADD's lock until the migration commits; validate it in a later migration (squawk: constraint-missing-not-valid)")
		}
	case pgq.AlterTableType_AT_DropConstraint:
		kind, known := k.cons[table+"."+cmd.Name]
		switch {
		case !known && cmd.MissingOk && k.constraintAbsent(table, cmd.Name):
			c.expand("drops nothing: the database has no constraint " + cmd.Name + " on " + name + " and no migration before it creates one (IF EXISTS)")
		case !known:
			c.contract("drops constraint "+cmd.Name+" of "+name, "Greenlight does not know its kind (no earlier migration in this folder creates it): dropping a primary key, unique or foreign key constraint breaks the running version's ON CONFLICT or what it relies on; if it is a CHECK constraint, say so with -- greenlight:expand <why>")
		case kind == pgq.ConstrType_CONSTR_CHECK:
			c.expand("drops check constraint " + cmd.Name + " of " + name + " (accepts more than before)")
		case kind == pgq.ConstrType_CONSTR_FOREIGN:
			c.contract("drops foreign key "+cmd.Name+" of "+name, "the running version relies on it: its ON DELETE/ON UPDATE actions and the references it assumes hold")
		default:
			c.contract("drops "+strings.ToLower(strings.TrimPrefix(kind.String(), "CONSTR_"))+" constraint "+cmd.Name+" of "+name, "the running version's INSERT … ON CONFLICT needs it (SQLSTATE 42P10 without it), and it relies on the rows it keeps unique")
		}
		if def := k.defs[table+"."+cmd.Name]; def != nil && k.transactional {
			// Undone if the migration adds it again as it was (addConstraint).
			k.seq++
			c.pending = fmt.Sprintf("constraint:%s.%s#%d", table, cmd.Name, k.seq)
			k.dropped[table+"."+cmd.Name] = droppedConstraint{def: def, key: c.pending}
		}
		if known || c.Class == ClassContract { // not when the database says there is none to drop
			delete(k.cons, table+"."+cmd.Name)
			delete(k.defs, table+"."+cmd.Name)
			delete(k.uniq, cmd.Name)
		}
	case pgq.AlterTableType_AT_AlterColumnType:
		cd := cmd.Def.GetColumnDef()
		from := k.cols[table+"."+cmd.Name]
		ok, rewrite, why := typeChange(from, cd.GetTypeName())
		if cd.GetCollClause() == nil && sameType(from, cd.GetTypeName()) {
			// The manual (ALTER TABLE, Notes): no rewrite when the old type is binary coercible to
			// the new one, which a type is to itself; the values stay as they are.
			ok, rewrite, why = true, false, "the column's current type "+typeString(from)+" (from an earlier migration): the values and what the running version reads and writes stay as they are, without a rewrite"
		}
		if cd.GetRawDefault() != nil { // USING
			ok, rewrite, why = false, true, "USING computes new values the running version did not write"
		}
		if cd.GetCollClause() != nil && ok {
			// Another collation changes how the running version's comparisons, ORDER BY and
			// LIKE work (a nondeterministic one refuses LIKE: 0A000; the manual, 24.2.2.4).
			ok, why = false, "COLLATE changes how the running version's comparisons, sorting and LIKE on it behave"
		}
		c.Rewrite = rewrite
		if null, added := k.newCols[table+"."+cmd.Name]; !ok && added && null && k.transactional && !k.inDo && !k.unsure(table) &&
			cd.GetTypeName() != nil && k.resolveDomain(cd.GetTypeName()) == cd.GetTypeName() {
			// Added earlier in this migration without a default: the running version never sees
			// it before the commit, its INSERTs leave it NULL and its UPDATEs do not set it, so
			// its type is the new version's to choose (Twenty's billingSubscription.interval,
			// added as varchar and made an enum). Not to a domain, which may refuse the NULL.
			ok, why = true, "a column added earlier in this migration without a default: the running version does not know it, its INSERTs leave it NULL and its UPDATEs do not set it"
		}
		if ok && k.sent[table+"."+cmd.Name] {
			ok, why = false, "a trigger sends "+col+" in notifications whose length was bounded by its type (pg_notify refuses 8000 bytes or more)"
		}
		if ok {
			c.expand("changes the type of " + col + " to " + typeString(cd.GetTypeName()))
			c.Why = why
		} else {
			c.contract("changes the type of "+col, why+"; "+adviseNewColumn)
		}
		if !rewrite {
			if idx := k.exprIndexesOn(table, cmd.Name); len(idx) > 0 {
				c.warn("changing the type of " + col + " rebuilds " + strings.Join(idx, ", ") + " (an index with an expression or a predicate on it, which PostgreSQL cannot show to be unchanged) under an ACCESS EXCLUSIVE lock; on a large table, create the new index CONCURRENTLY under another name first")
			}
		}
		if !rewrite && k.checked[table+"."+cmd.Name] {
			c.warn("changing the type of " + col + " re-checks the CHECK constraints on it against every row under an ACCESS EXCLUSIVE lock; drop them first and add them back NOT VALID, or accept the scan on a small table")
		}
		if rewrite {
			c.warn("changing the type of " + col + " rewrites the table (and its indexes) under an ACCESS EXCLUSIVE lock; " + adviseNewColumn + " (squawk: changing-column-type)")
		}
		if cd.GetTypeName() != nil {
			k.cols[table+"."+cmd.Name] = cd.GetTypeName()
		}
		if k.inDo {
			delete(k.cols, table+"."+cmd.Name) // the block may not run it: the type is not known
		}
	case pgq.AlterTableType_AT_ChangeOwner:
		c.contract("changes the owner of "+name, "the running version's role may lose the owner's privileges")
	case pgq.AlterTableType_AT_ClusterOn, pgq.AlterTableType_AT_DropCluster:
		c.Lock = LockShareUpdateExclusive
		c.expand("marks the index CLUSTER would use on " + name)
	case pgq.AlterTableType_AT_SetLogged, pgq.AlterTableType_AT_SetUnLogged, pgq.AlterTableType_AT_SetAccessMethod, pgq.AlterTableType_AT_SetTableSpace:
		c.Rewrite = true
		c.expand("moves or rewrites " + name + " (" + strings.ToLower(strings.TrimPrefix(cmd.Subtype.String(), "AT_")) + ")")
		c.warn(strings.TrimPrefix(cmd.Subtype.String(), "AT_") + " rewrites " + name + " under an ACCESS EXCLUSIVE lock: the running version can neither read nor write it meanwhile; do it in a maintenance window or with pg_repack")
	case pgq.AlterTableType_AT_DropOids:
		c.expand("drops OIDs (nothing since PostgreSQL 12)")
	case pgq.AlterTableType_AT_SetRelOptions, pgq.AlterTableType_AT_ResetRelOptions, pgq.AlterTableType_AT_ReplaceRelOptions:
		c.Lock = LockShareUpdateExclusive
		c.expand("changes storage parameters of " + name)
	case pgq.AlterTableType_AT_EnableTrig, pgq.AlterTableType_AT_EnableAlwaysTrig, pgq.AlterTableType_AT_EnableReplicaTrig,
		pgq.AlterTableType_AT_DisableTrig, pgq.AlterTableType_AT_EnableTrigAll, pgq.AlterTableType_AT_DisableTrigAll,
		pgq.AlterTableType_AT_EnableTrigUser, pgq.AlterTableType_AT_DisableTrigUser:
		c.Lock = LockShareRowExclusive
		c.contract("enables or disables triggers of "+name, "it changes what the running version's writes do (squawk: ban-disable-trigger)")
	case pgq.AlterTableType_AT_EnableRule, pgq.AlterTableType_AT_EnableAlwaysRule, pgq.AlterTableType_AT_EnableReplicaRule, pgq.AlterTableType_AT_DisableRule:
		c.contract("enables or disables rule "+cmd.Name+" of "+name, "it changes what the running version's statements do")
	case pgq.AlterTableType_AT_AddInherit, pgq.AlterTableType_AT_DropInherit:
		if rv := cmd.Def.GetRangeVar(); rv != nil {
			k.parents[rvKey(rv)] = true
		}
		c.contract("changes the parents of "+name, "rows appear in or vanish from what the running version reads")
	case pgq.AlterTableType_AT_AddOf, pgq.AlterTableType_AT_DropOf:
		c.contract("changes the type "+name+" is of", unknownWhy)
	case pgq.AlterTableType_AT_ReplicaIdentity:
		ri := cmd.Def.GetReplicaIdentityStmt()
		if ri != nil && ri.IdentityType == "i" {
			k.replIdent[ri.Name] = true
		}
		switch {
		case ri != nil && (ri.IdentityType == "f" || ri.IdentityType == "i"):
			c.expand("changes the replica identity of " + name + " (FULL or a unique index: a publication's UPDATE and DELETE still have one)")
		default:
			// NOTHING, or DEFAULT (the primary key, if there is one): on a table a publication
			// publishes updates and deletes of, PostgreSQL then refuses the running version's
			// UPDATE and DELETE (55000; logical-replication-publication).
			c.contract("changes the replica identity of "+name, "with REPLICA IDENTITY NOTHING (or DEFAULT without a primary key), a publication of the table's updates and deletes makes PostgreSQL refuse the running version's UPDATE and DELETE (55000)")
		}
	case pgq.AlterTableType_AT_EnableRowSecurity, pgq.AlterTableType_AT_ForceRowSecurity:
		c.contract("enables row level security on "+name, "the running version's role may no longer see or write rows")
		k.enableRowSecurity(c, table, cmd.Subtype == pgq.AlterTableType_AT_EnableRowSecurity)
	case pgq.AlterTableType_AT_DisableRowSecurity, pgq.AlterTableType_AT_NoForceRowSecurity:
		c.contract("disables row level security on "+name, "the running version's queries see rows the policies hid")
	case pgq.AlterTableType_AT_AttachPartition:
		if objtype == pgq.ObjectType_OBJECT_INDEX {
			c.Lock = LockShareUpdateExclusive
			c.expand("attaches an index partition to " + name)
			break
		}
		c.Lock = LockShareUpdateExclusive
		pc := cmd.Def.GetPartitionCmd()
		hadDefault := k.mayHaveDefaultPartition(&pgq.RangeVar{Relname: table, Schemaname: k.relSchema0[table]})
		if pc.GetBound().GetIsDefault() {
			k.defaultParts[table] = true
		}
		if pc != nil && k.isNew(rvKey(pc.Name)) && !k.filled[rvKey(pc.Name)] && !hadDefault {
			// The manual (5.11.2.2): the same as CREATE TABLE … PARTITION OF.
			c.expand("attaches " + rvName(pc.Name) + ", created empty in this migration, as a partition of " + name)
			c.Why = "no row the running version reads changes; inserts in its range, refused before (the table has no DEFAULT partition), now succeed"
			break
		}
		c.contract("attaches a partition to "+name, "its rows appear in what the running version reads")
	case pgq.AlterTableType_AT_DetachPartition:
		pc := cmd.Def.GetPartitionCmd()
		c.contract("detaches a partition of "+name, "its rows vanish from what the running version reads")
		if pc != nil && pc.Concurrent {
			c.Lock = LockShareUpdateExclusive
			c.NonTransactional = true
		} else {
			c.warn("DETACH PARTITION without CONCURRENTLY takes an ACCESS EXCLUSIVE lock on " + name + "; use DETACH PARTITION … CONCURRENTLY in a migration marked -- +goose NO TRANSACTION (squawk: require-concurrent-partition-detach)")
		}
	case pgq.AlterTableType_AT_DetachPartitionFinalize:
		c.Lock = LockShareUpdateExclusive
		c.contract("finalizes detaching a partition of "+name, "its rows vanish from what the running version reads")
	case pgq.AlterTableType_AT_AddIdentity:
		con := cmd.Def.GetConstraint()
		if con != nil && con.GeneratedWhen == "a" {
			c.contract("makes "+col+" GENERATED ALWAYS AS IDENTITY", "the running version's INSERTs that set it fail (SQLSTATE 428C9)")
		} else {
			c.expand("makes " + col + " an identity column BY DEFAULT (INSERTs that set it still work)")
		}
	case pgq.AlterTableType_AT_SetIdentity:
		var opts []*pgq.Node
		always, byDefault := false, false
		if l := cmd.Def.GetList(); l != nil {
			for _, o := range l.Items {
				if d := o.GetDefElem(); d != nil && d.Defname == "generated" {
					if iv := d.Arg.GetInteger(); iv != nil && iv.Ival == 'a' {
						always = true
					} else {
						byDefault = true
					}
					continue
				}
				opts = append(opts, o)
			}
		}
		sequenceOptions(c, "the identity of "+col, opts, k.seqTypes[table+"_"+cmd.Name+"_seq"] == "int8")
		k.learnSequenceOptions(table+"_"+cmd.Name+"_seq", opts)
		switch {
		case always:
			c.contract("sets "+col+" GENERATED ALWAYS", "the running version's INSERTs that set it explicitly fail (SQLSTATE 428C9) (squawk: ban-alter-identity)")
		case c.Class == ClassExpand && byDefault:
			c.expand("sets " + col + " GENERATED BY DEFAULT (INSERTs that set it work again)")
		}
	case pgq.AlterTableType_AT_DropIdentity:
		c.contract("drops the identity of "+col, "the running version's INSERTs that leave it out then write NULL and fail")
	default:
		c.contract("ALTER TABLE "+name+" "+strings.ToLower(strings.TrimPrefix(cmd.Subtype.String(), "AT_")), unknownWhy)
	}
}

// addColumn classifies ADD COLUMN by its constraints as PostgreSQL reads them: a DEFAULT NULL
// is no default, ON DELETE SET DEFAULT is no default, an identity or a stored generated
// column fills every row (a rewrite).
func (k *knowledge) addColumn(c *cls, table, name string, cd *pgq.ColumnDef, ifNotExists bool) {
	if cd == nil {
		c.contract("adds a column to "+name, unknownWhy)
		return
	}
	col := name + "." + cd.Colname
	if _, known := k.cols[table+"."+cd.Colname]; ifNotExists && known {
		// PostgreSQL skips ADD COLUMN IF NOT EXISTS of a column the table has, with a notice:
		// the column keeps its type, its values and its default.
		c.expand("adds nothing: " + col + " exists (an earlier migration made it), and IF NOT EXISTS skips it")
		return
	}
	// Otherwise the column is new to the rules on the running version's rows only when the
	// database says the table lacks it (IF NOT EXISTS of a column made outside the folder
	// changes nothing, and its rows hold what they hold).
	fresh := !ifNotExists || k.columnAbsent(k.relSchema0[table], table, cd.Colname)
	k.cols[table+"."+cd.Colname] = cd.TypeName
	k.ownedSequence(table, cd)
	tname, _, _ := typeOf(cd.TypeName)
	notNull, hasDefault, rewrite, pk, unique, fk, check, checkNull := cd.IsNotNull, false, "no", false, false, false, false, false
	serial := tname == "serial" || tname == "bigserial" || tname == "smallserial" || tname == "serial4" || tname == "serial8" || tname == "serial2"
	filled := false       // the running version's INSERTs, which leave the column out, fill it with a value that is never NULL
	var genExpr *pgq.Node // a stored generated column's expression
	if serial {
		notNull, hasDefault, rewrite, filled = true, true, "yes", true
	}
	for _, n := range cd.Constraints {
		con := n.GetConstraint()
		if con == nil {
			continue
		}
		k.learnConstraint(table, cd.Colname, con)
		switch con.Contype {
		case pgq.ConstrType_CONSTR_NOTNULL:
			notNull = true
		case pgq.ConstrType_CONSTR_DEFAULT:
			isNull, vol := defaultVolatility(con.RawExpr)
			if !isNull {
				hasDefault = true
				if vol != "no" {
					rewrite = vol
				}
			}
			filled = nonNullExpr(con.RawExpr)
		case pgq.ConstrType_CONSTR_IDENTITY, pgq.ConstrType_CONSTR_GENERATED:
			hasDefault, rewrite, filled = true, "yes", con.Contype == pgq.ConstrType_CONSTR_IDENTITY
			if con.Contype == pgq.ConstrType_CONSTR_GENERATED {
				genExpr = con.RawExpr
			}
		case pgq.ConstrType_CONSTR_PRIMARY:
			pk, notNull = true, true
		case pgq.ConstrType_CONSTR_UNIQUE:
			unique = true
		case pgq.ConstrType_CONSTR_FOREIGN:
			fk = true
		case pgq.ConstrType_CONSTR_CHECK:
			check = true
			if nullIntolerant(con.RawExpr) {
				checkNull = true
			}
		}
	}
	// A stored generated column is computed on every INSERT and UPDATE of the running version:
	// its expression must not fail, must fit the column's type and domain, and must not be
	// NULL in a NOT NULL column.
	generatedFails := genExpr != nil && (!cannotFailOn(genExpr, k.colTypes(table)) || constFails(genExpr) || !k.valueFits(k.resolveDomain(cd.TypeName), genExpr, k.colTypes(table)) || k.callShadowed(genExpr) != "" ||
		k.checkedDomains[tname] || notNull && !nonNullExpr(genExpr))
	key := table + "." + cd.Colname
	k.filledDefault[key] = filled
	k.defaults[key] = hasDefault
	k.notNull[key] = notNull
	if !notNull {
		delete(k.notNull, key)
	}
	if !k.newRels[table] && fresh {
		// Without a DEFAULT clause the running version's rows get NULL, unless the column's
		// type has a default of its own (a domain's: sql-createdomain).
		k.newCols[key] = !hasDefault && !k.typeMayDefault(cd.TypeName)
		delete(k.newConst, key)
		k.newExact[key] = cd.CollClause == nil && exactType(cd.TypeName) != ""
		for _, n := range cd.Constraints {
			if con := n.GetConstraint(); con != nil && con.Contype == pgq.ConstrType_CONSTR_DEFAULT && !serial && k.newExact[key] && exactConst(cd.TypeName, con.RawExpr) {
				k.newConst[key] = con.RawExpr
			}
		}
	}
	switch {
	case generatedFails && !k.newRels[table]:
		c.contract("adds generated column "+col+" whose expression may fail",
			"PostgreSQL computes it on every INSERT and UPDATE of the running version, and a value that does not fit its type, a failing cast or arithmetic fails the write; add a plain column the new version writes, and backfill it")
	case notNull && !hasDefault:
		c.contract(fmt.Sprintf("adds NOT NULL column %s without a default", col),
			"existing rows have no value for it and the running version's INSERTs do not set it, so they would fail; add it nullable (or with a DEFAULT), backfill, and set NOT NULL in a later release")
		c.warn("a NOT NULL column without a default is checked against every row under an ACCESS EXCLUSIVE lock, and fails on any (squawk: adding-required-field)")
	case (unique || pk) && hasDefault && rewrite == "no":
		c.contract("adds unique column "+col+" with a constant default", "every row gets the same value, which a unique constraint refuses")
	case check && (checkNull || hasDefault) && !k.checksHold(table, cd):
		c.contract("adds column "+col+" with a CHECK constraint", "the CHECK may reject the value the running version's INSERTs leave there (NULL or the default)")
	case fk && hasDefault:
		c.contract("adds column "+col+" with a default and a foreign key", "the running version's INSERTs fill it with the default, which must reference a row (or they fail), and every row now references that row, so the running version's DELETEs of it fail or cascade")
	case notNull:
		c.expand(fmt.Sprintf("adds NOT NULL column %s with a default", col))
	case hasDefault:
		c.expand(fmt.Sprintf("adds column %s with a default", col))
	default:
		c.expand(fmt.Sprintf("adds nullable column %s", col))
	}
	if rewrite == "no" && k.checkedDomains[tname] {
		// PostgreSQL checks the domain's constraints against the value every existing row gets
		// (NULL or the default) by rewriting the table (measured on 15: the twelfth holdout's
		// media_dimension; squawk: ban-create-domain-with-constraint).
		c.Rewrite = true
		c.warn("adding " + col + " of domain " + tname + ", which has a CHECK or NOT NULL constraint, rewrites the table under an ACCESS EXCLUSIVE lock to check it on every row; use the base type and a CHECK constraint added NOT VALID, validated in a later migration (squawk: ban-create-domain-with-constraint)")
	}
	switch rewrite {
	case "yes":
		c.Rewrite = true
		c.warn("adding " + col + " with a volatile default (or as identity, serial or generated) rewrites the table under an ACCESS EXCLUSIVE lock; " + adviseVolatile + " (squawk: adding-field-with-default)")
	case "maybe":
		c.Rewrite = true
		c.warn("the default of " + col + " calls a function Greenlight does not know to be stable: if it is volatile, PostgreSQL rewrites the table under an ACCESS EXCLUSIVE lock; " + adviseVolatile + " (squawk: adding-field-with-default)")
	}
	if pk {
		c.warn("a PRIMARY KEY column builds its index under an ACCESS EXCLUSIVE lock; " + adviseUsingIndex + " (squawk: adding-primary-key-constraint, adding-serial-primary-key-field)")
	} else if unique {
		c.warn("a UNIQUE column builds its index under an ACCESS EXCLUSIVE lock; " + adviseUsingIndex + " (squawk: disallowed-unique-constraint)")
	}
	if check {
		c.warn("a CHECK on a new column is checked against every row under an ACCESS EXCLUSIVE lock; add the column, then the CHECK NOT VALID, and VALIDATE it in a later migration (squawk: constraint-missing-not-valid)")
	}
	if fk {
		c.warn("REFERENCES on a new column locks the referenced table (SHARE ROW EXCLUSIVE) while the new column is checked; add the column, then the foreign key NOT VALID, and VALIDATE it in a later migration (squawk: adding-foreign-key-constraint)")
	}
}

// allNewNull reports whether every column was added earlier in this migration (to a table
// that existed before it) without a default: the running version leaves them all NULL.
func (k *knowledge) allNewNull(table string, cols []string) bool {
	if k.unsure(table) {
		return false
	}
	for _, c := range cols {
		if !k.newCols[table+"."+c] {
			return false
		}
	}
	return len(cols) > 0
}

// nullIntolerant reports whether a CHECK expression may be false for NULL: a comparison with
// NULL is unknown, which CHECK accepts, unless the expression tests for NULL, coalesces, or
// calls a function or CASE.
func nullIntolerant(e *pgq.Node) bool {
	bad := false
	walk(e, func(r protoreflectMessage) {
		switch r.Interface().(type) {
		case *pgq.NullTest, *pgq.CoalesceExpr, *pgq.FuncCall, *pgq.CaseExpr, *pgq.BooleanTest:
			bad = true
		}
	})
	return bad
}

func (k *knowledge) addConstraint(c *cls, table, name string, con *pgq.Constraint) {
	if con == nil {
		c.contract("adds a constraint to "+name, unknownWhy)
		return
	}
	cname := constraintName(table, "", con)
	var implied string
	if con.Contype == pgq.ConstrType_CONSTR_UNIQUE && con.Indexname == "" && !con.NullsNotDistinct {
		implied = k.impliedUnique(table, strs(con.Keys))
	}
	if con.Contype == pgq.ConstrType_CONSTR_PRIMARY && con.Indexname == "" && !k.unsure(table) {
		// A primary key is a unique key on NOT NULL columns (the manual, 5.4.4): it refuses
		// nothing more when a unique key on some of its columns exists and they are all NOT
		// NULL already (before learnConstraint marks them so).
		implied = k.impliedUnique(table, strs(con.Keys))
		for _, col := range strs(con.Keys) {
			if !k.notNull[table+"."+col] {
				implied = ""
			}
		}
	}
	k.learnConstraint(table, "", con)
	if con.SkipValidation {
		k.notValid[table+"."+cname] = true
	}
	var looser string // before a check dropped under the same name is forgotten below
	if con.Contype == pgq.ConstrType_CONSTR_CHECK {
		looser = k.droppedCheckLooser(table, con)
	}
	if old, ok := k.dropped[table+"."+cname]; ok && !k.unsure(table) {
		delete(k.dropped, table+"."+cname)
		if same, why := equivalentConstraint(old.def, k.defs[table+"."+cname]); same {
			k.settle[old.key] = func() (string, bool) { return "added again later in this migration: " + why, true }
			defer func() {
				if c.Class == ClassContract {
					c.expand("adds constraint " + cname + " to " + name + " again, as it was")
					c.Why = why
				}
			}()
		}
	}
	what := "adds a constraint to " + name
	why := "a new constraint rejects writes that the running version may still make; add it once only the new version writes (NOT VALID only skips checking existing rows)"
	switch con.Contype {
	case pgq.ConstrType_CONSTR_CHECK:
		c.contract(what, why)
		if vals := k.newColumnValues(table); !k.newRels[table] && len(vals) > 0 && checkHolds(con.RawExpr, vals) {
			c.expand("adds check constraint " + cname + " to " + name + ", which the running version's rows satisfy")
			c.Why = "on the columns it can decide, added in this migration (" + strings.Join(sortedKeys(vals), ", ") + "), the running version's rows hold NULL or their constant default, and there the check is true or null whatever its other columns hold (the manual, 5.4.1: a check is satisfied if it is true or null)"
		} else if ins, ok := k.newOnlyInsertValues(table, con.RawExpr); ok && !k.newRels[table] && !con.SkipValidation && checkHolds(con.RawExpr, ins) {
			// The migration wrote rows (a backfill), but the check reads only columns the
			// running version does not know: the rows there now are checked as it is added,
			// its UPDATEs leave those columns as they are, and its INSERTs give them NULL or
			// their constant default.
			c.expand("adds check constraint " + cname + " to " + name + ", on columns added in this migration only, which the running version's rows satisfy")
			c.Why = "it reads only " + strings.Join(sortedKeys(ins), ", ") + ", added in this migration: the rows the table holds are checked as it is added (not NOT VALID), the running version's UPDATEs do not change those columns, and its INSERTs give them NULL or their constant default, where the check is true or null"
		}
		if looser != "" {
			c.expand("adds check constraint " + cname + " to " + name + ", looser than " + looser + ", dropped earlier in this migration")
			c.Why = "every row " + looser + " accepted, this accepts: the serving version's writes, which the old check accepted, still pass"
		}
		if !con.SkipValidation {
			c.warn("ADD CHECK scans the whole table under an ACCESS EXCLUSIVE lock; " + adviseNotValid + " (squawk: constraint-missing-not-valid)")
		}
	case pgq.ConstrType_CONSTR_FOREIGN:
		c.Lock = LockShareRowExclusive
		if cols := strs(con.FkAttrs); k.allNewNull(table, cols) {
			// The manual (CREATE TABLE, REFERENCES): a referencing row with a NULL column is not
			// checked (MATCH SIMPLE: any NULL; MATCH FULL: all NULL). The running version does
			// not know columns this migration added, so its INSERTs leave them NULL.
			c.expand("adds foreign key " + cname + " to " + name + " on " + strings.Join(cols, ", ") + ", added in this migration without a default (the running version's rows leave it NULL, which a foreign key accepts)")
		} else {
			c.contract(what, why)
		}
		if !con.SkipValidation {
			c.warn("ADD FOREIGN KEY scans the table while holding SHARE ROW EXCLUSIVE locks on it and on " + rvName(con.Pktable) + ", blocking their writes; " + adviseNotValid + " (squawk: adding-foreign-key-constraint)")
		}
	case pgq.ConstrType_CONSTR_UNIQUE:
		if con.Indexname != "" {
			c.expand("adds unique constraint " + cname + " to " + name + " using index " + con.Indexname + " (the index already rejects duplicates)")
			break
		}
		if implied != "" {
			c.expand("adds unique constraint " + cname + " to " + name + " on columns that include all of unique " + implied + "'s")
			c.Why = implied + " already refuses every duplicate it would refuse (the manual, CREATE INDEX: a unique index refuses equal keys, and NULLs are not equal)"
		} else if spares := k.sparesRunning(table, strs(con.Keys), con.NullsNotDistinct, nil); !k.newRels[table] && !con.Deferrable && spares != "" {
			// As for CREATE UNIQUE INDEX: a UNIQUE constraint is a unique index under a name.
			c.expand("adds unique constraint " + cname + " to " + name + ", in which the running version's rows never collide")
			c.Why = spares
		} else {
			c.contract(what, why)
		}
		c.warn("ADD UNIQUE builds its index under an ACCESS EXCLUSIVE lock; " + adviseUsingIndex + " (squawk: disallowed-unique-constraint)")
	case pgq.ConstrType_CONSTR_PRIMARY:
		if implied != "" {
			c.expand("adds primary key " + cname + " to " + name + " on NOT NULL columns that include all of unique " + implied + "'s")
			c.Why = implied + " already refuses every duplicate it would refuse, and its columns are NOT NULL already (an earlier migration made them so)"
		} else {
			c.contract(what, why+"; a primary key also sets its columns NOT NULL")
		}
		if con.Indexname == "" {
			c.warn("ADD PRIMARY KEY builds its index (and checks NOT NULL) under an ACCESS EXCLUSIVE lock; " + adviseUsingIndex + " (squawk: adding-primary-key-constraint)")
		} else {
			c.warn("ADD PRIMARY KEY USING INDEX still scans for NULLs under an ACCESS EXCLUSIVE lock unless its columns are NOT NULL already; " + adviseNotNull)
		}
	case pgq.ConstrType_CONSTR_EXCLUSION:
		c.contract(what, why)
		c.warn("ADD EXCLUDE builds its index under an ACCESS EXCLUSIVE lock, and has no concurrent form; add it while the table is small or in a maintenance window")
	case pgq.ConstrType_CONSTR_NOTNULL:
		c.contract("sets a column of "+name+" NOT NULL", "the running version may still write NULL there").
			warn("NOT NULL scans the whole table under an ACCESS EXCLUSIVE lock; " + adviseNotNull)
	default:
		c.contract(what, unknownWhy)
	}
}

// droppedCheckLooser names a CHECK constraint of table dropped earlier in this migration that
// implies con (looserCheck), or "".
func (k *knowledge) droppedCheckLooser(table string, con *pgq.Constraint) string {
	if k.unsure(table) {
		return ""
	}
	var names []string
	for key, d := range k.dropped {
		if t, name, ok := strings.Cut(key, "."); ok && t == table && d.def != nil && d.def.Contype == pgq.ConstrType_CONSTR_CHECK && looserCheck(d.def.RawExpr, con.RawExpr) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	if len(names) == 0 {
		return ""
	}
	return names[0]
}

// sparesRunning says why a unique index (or constraint) on cols of table, with the partial
// predicate where, can never refuse a row the running version writes, or "". It cannot when
// one of its columns was added in this migration (the running version does not know it, so
// its rows get what the migration gives them there) and either the running version's rows
// leave it NULL, which a unique index does not compare (the manual, CREATE INDEX: "null values
// are not considered equal", unless NULLS NOT DISTINCT), or they get a constant default that
// the predicate leaves out of the index (col <> the empty string, with the empty string as default: Miniflux's share_code,
// found by the seventh holdout).
func (k *knowledge) sparesRunning(table string, cols []string, nullsNotDistinct bool, where *pgq.Node) string {
	if k.wrote[table] || k.unsure(table) {
		// Rows the migration wrote may hold the new column's values: the running version's
		// updates of their other columns can then collide in the index. A table name the
		// migration writes with two schemas may be two tables.
		return ""
	}
	for _, col := range cols {
		key := table + "." + col
		null, isNew := k.newCols[key]
		switch {
		case !isNew:
		case null && !nullsNotDistinct:
			return col + " was added in this migration without a default: the running version's rows leave it NULL, and a unique index does not compare NULLs (the manual, CREATE INDEX)"
		case k.newConst[key] != nil && excludes(where, col, k.newConst[key]):
			return col + " was added in this migration with a constant default that the index's WHERE leaves out: the running version's rows, which get that default, are not in the index"
		}
	}
	// A predicate requiring a column the running version leaves NULL: none of its rows is in
	// the index (River's unique_states IS NOT NULL).
	if col := notNullTerm(where, func(c string) bool { return k.newCols[table+"."+c] }); col != "" {
		return "the index's WHERE requires " + col + " IS NOT NULL, and " + col + " was added in this migration without a default: the running version's rows leave it NULL and are not in the index"
	}
	return ""
}

// notNullTerm returns a column c for which one of where's AND terms is `c IS NOT NULL` and
// null(c) holds, or "".
func notNullTerm(where *pgq.Node, null func(string) bool) string {
	if where == nil {
		return ""
	}
	terms := []*pgq.Node{where}
	if b := where.GetBoolExpr(); b != nil && b.Boolop == pgq.BoolExprType_AND_EXPR {
		terms = b.Args
	}
	for _, t := range terms {
		nt := t.GetNullTest()
		if nt == nil || nt.Nulltesttype != pgq.NullTestType_IS_NOT_NULL || nt.Argisrow {
			continue
		}
		if cr := nt.Arg.GetColumnRef(); cr != nil && len(cr.Fields) == 1 && null(lastName(cr.Fields)) {
			return lastName(cr.Fields)
		}
	}
	return ""
}

// excludes reports whether the predicate where is false for every row whose col equals the
// constant v: one of its AND terms is `col <> v` (or `!=`), the same constant written the same
// way, maybe with a cast.
func excludes(where *pgq.Node, col string, v *pgq.Node) bool {
	if where == nil {
		return false
	}
	terms := []*pgq.Node{where}
	if b := where.GetBoolExpr(); b != nil && b.Boolop == pgq.BoolExprType_AND_EXPR {
		terms = b.Args
	}
	want := literalValue(v)
	for _, t := range terms {
		e := t.GetAExpr()
		if e == nil || e.Kind != pgq.A_Expr_Kind_AEXPR_OP || len(e.Name) != 1 || (lastName(e.Name) != "<>" && lastName(e.Name) != "!=") {
			continue
		}
		for _, pair := range [][2]*pgq.Node{{e.Lexpr, e.Rexpr}, {e.Rexpr, e.Lexpr}} {
			if cr := pair[0].GetColumnRef(); cr != nil && len(cr.Fields) == 1 && lastName(cr.Fields) == col && literal(pair[1]) && want != nil && proto.Equal(literalValue(pair[1]), want) {
				return true
			}
		}
	}
	return false
}

// literal reports whether e is a non-NULL constant, maybe cast: the empty string, 0, 'x'::text.
func literal(e *pgq.Node) bool {
	c := literalValue(e)
	return c != nil && !c.Isnull
}

// literalValue is e's constant without its casts and without the parser's location, or nil.
func literalValue(e *pgq.Node) *pgq.A_Const {
	for e != nil {
		if tc := e.GetTypeCast(); tc != nil {
			e = tc.Arg
			continue
		}
		c := e.GetAConst()
		if c == nil {
			return nil
		}
		c = proto.Clone(c).(*pgq.A_Const)
		c.Location = 0
		return c
	}
	return nil
}

// nonNullExpr reports whether e, a column's default, is never NULL: a constant other than NULL,
// a clock (CURRENT_TIMESTAMP, now() and the others) or gen_random_uuid(), which return a value
// for no arguments, or a cast or COALESCE of one.
func nonNullExpr(e *pgq.Node) bool {
	switch {
	case e == nil:
		return false
	case e.GetAConst() != nil:
		return !e.GetAConst().Isnull
	case e.GetTypeCast() != nil:
		return nonNullExpr(e.GetTypeCast().Arg)
	case e.GetSqlvalueFunction() != nil:
		return true
	case e.GetCoalesceExpr() != nil:
		for _, a := range e.GetCoalesceExpr().Args {
			if nonNullExpr(a) {
				return true
			}
		}
	case e.GetCaseExpr() != nil:
		x := e.GetCaseExpr()
		if !nonNullExpr(x.Defresult) {
			return false // no ELSE is ELSE NULL
		}
		for _, w := range x.Args {
			if !nonNullExpr(w.GetCaseWhen().GetResult()) {
				return false
			}
		}
		return true
	case e.GetFuncCall() != nil:
		f := e.GetFuncCall()
		if s := strs(f.Funcname); len(f.Args) == 0 && (len(s) == 1 || s[0] == "pg_catalog") {
			switch lastName(f.Funcname) {
			case "now", "clock_timestamp", "statement_timestamp", "transaction_timestamp", "gen_random_uuid":
				return true
			}
		}
		if s := strs(f.Funcname); len(f.Args) == 1 && (len(s) == 1 || s[0] == "pg_catalog") && lastName(f.Funcname) == "nextval" {
			return true // a value or an error (its sequence exhausted), never NULL
		}
	}
	return false
}

// relationAbsent reports whether no relation of rv's name exists before this statement: none
// made by an earlier statement of the folder and, for a migration not yet applied, none in the
// database (asked through the Catalog) nor possibly made by an earlier statement Greenlight
// cannot read. An applied migration's statements ran before the database's present state, and
// without a Catalog the folder is taken as the database's history, as for the other rules.
func (k *knowledge) relationAbsent(rv *pgq.RangeVar) bool {
	if _, made := k.relSchema[rvKey(rv)]; made {
		return false
	}
	if k.cat == nil || !k.pending {
		return true
	}
	if k.sawOpaque {
		return false
	}
	exists, err := k.cat.Relation(k.ctx, rv.Schemaname, rv.Relname)
	return err == nil && !exists
}

// columnHasDefault reports whether a column as CREATE TABLE defines it fills a row that leaves
// it out with a value of its own: a DEFAULT other than NULL, a serial type, an identity or a
// generated column.
func columnHasDefault(cd *pgq.ColumnDef) bool {
	if n, _, _ := typeOf(cd.TypeName); serialTypes[n] != "" {
		return true
	}
	for _, n := range cd.Constraints {
		switch con := n.GetConstraint(); {
		case con == nil:
		case con.Contype == pgq.ConstrType_CONSTR_DEFAULT:
			if isNull, _ := defaultVolatility(con.RawExpr); !isNull {
				return true
			}
		case con.Contype == pgq.ConstrType_CONSTR_IDENTITY, con.Contype == pgq.ConstrType_CONSTR_GENERATED:
			return true
		}
	}
	return false
}
