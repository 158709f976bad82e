package migrate

import (
	"fmt"
	"math/big"
	"slices"
	"strings"

	pgq "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Rules on a migration's net effect: what a statement undoes of an earlier one in the same
// migration, or what the schema already guarantees. Each holds only when the migration runs in
// one transaction (goose's default), so that the serving version never sees the state between
// its statements (PostgreSQL 15, "Transactions": other sessions see none of a transaction's
// changes before it commits, and DDL is transactional).

// uniqueKey is a unique index or constraint on plain columns over every row of a table (no
// predicate, no expression, not deferrable): a set of rows it refuses is refused at once.
type uniqueKey struct {
	table string
	cols  []string
	nnd   bool // NULLS NOT DISTINCT
	seq   int  // the order it was made in: PostgreSQL checks a table's unique indexes by OID, so the oldest reports a duplicate
	stmt  int  // the statement that made it (knowledge.stmtNo)
}

// droppedIndex is a unique index an earlier statement of the same migration dropped, and the
// pending key of that statement's change.
type droppedIndex struct {
	uniqueKey
	key string
}

// droppedConstraint is a constraint an earlier statement of the same migration dropped, and
// the pending key of that statement's change.
type droppedConstraint struct {
	def *pgq.Constraint
	key string
}

// droppedView is a view an earlier statement of the same migration dropped: its definition and
// who could read it.
type droppedView struct {
	def   *pgq.ViewStmt
	privs map[string]map[string]bool
	key   string
	// defaults says that an earlier statement gave the view a column default (ALTER VIEW …
	// ALTER COLUMN … SET DEFAULT), which the view created again does not have: the running
	// version's INSERTs through it that leave the column out then write NULL.
	defaults bool
}

// stripLocations returns a copy of m without the parser's offsets (location fields), so that
// two trees of the same text at different places compare equal.
func stripLocations(m proto.Message) proto.Message {
	c := proto.Clone(m)
	walk(c, func(r protoreflect.Message) {
		fields := r.Descriptor().Fields()
		for _, name := range []protoreflect.Name{"location", "stmt_location"} {
			if fd := fields.ByName(name); fd != nil {
				r.Clear(fd)
			}
		}
	})
	return c
}

// normalizedConstraint is a constraint as PostgreSQL stores it, for comparison: a column
// constraint names its column, the defaults are spelled out, and what does not change what
// the constraint accepts (NOT VALID, its index's tablespace and storage options, offsets) is
// cleared.
func normalizedConstraint(col string, con *pgq.Constraint) *pgq.Constraint {
	n := stripLocations(con).(*pgq.Constraint)
	if col != "" {
		switch n.Contype {
		case pgq.ConstrType_CONSTR_UNIQUE, pgq.ConstrType_CONSTR_PRIMARY:
			if len(n.Keys) == 0 {
				n.Keys = []*pgq.Node{pgq.MakeStrNode(col)}
			}
		case pgq.ConstrType_CONSTR_FOREIGN:
			if len(n.FkAttrs) == 0 {
				n.FkAttrs = []*pgq.Node{pgq.MakeStrNode(col)}
			}
		}
	}
	if n.Contype == pgq.ConstrType_CONSTR_FOREIGN {
		if n.FkMatchtype == "" {
			n.FkMatchtype = "s" // MATCH SIMPLE
		}
		if n.FkUpdAction == "" {
			n.FkUpdAction = "a" // NO ACTION
		}
		if n.FkDelAction == "" {
			n.FkDelAction = "a"
		}
		if n.Pktable != nil && n.Pktable.Schemaname == "" {
			n.Pktable.Schemaname = "public"
		}
		if n.Pktable != nil {
			n.Pktable.Inh = true // ONLY does not apply to a foreign key's table
		}
	}
	n.SkipValidation, n.InitiallyValid, n.Indexspace, n.Options, n.ResetDefaultTblspc = false, false, "", nil, false
	return n
}

// fkActionKept reports whether a foreign key's action changed from old to new leaves every
// statement of the serving version doing what it did: only when it is the same. The serving
// version relies on a foreign key's refusals (23503) and ON DELETE effects (the corpus'
// definition): under RESTRICT its delete of a referenced row with referencing rows is
// refused, under CASCADE it succeeds and deletes them (Documenso's Signature_recipientId_fkey
// made cascading, the tenth holdout's one breaking change first classified expand:
// TestAdversaryOnPostgres), and NO ACTION, checked at the statement's end, lets a statement
// through that RESTRICT, checked at once, refuses (one that deletes a referenced row and
// inserts it again; the manual, 5.4.5 Foreign Keys). The other
// way round (from CASCADE or SET NULL) the serving version's deletes would leave rows it
// expects gone or cleared, or fail.
func fkActionKept(old, new string) bool { return old == new }

// equivalentConstraint tells whether new, added in the migration that dropped old, accepts
// every write old accepted, with the same effect, and refuses what it refused, so that the
// serving version's reads and writes behave as they did: the same kind, columns, referenced
// table and columns, match type, deferrability, expression; a foreign key's actions may
// not differ (fkActionKept). NOT VALID is allowed: the rows were checked when old
// was added, and new checks every write from now on.
func equivalentConstraint(old, new *pgq.Constraint) (bool, string) {
	o, n := proto.Clone(old).(*pgq.Constraint), proto.Clone(new).(*pgq.Constraint)
	if o.Contype == pgq.ConstrType_CONSTR_FOREIGN && n.Contype == pgq.ConstrType_CONSTR_FOREIGN {
		if !fkActionKept(o.FkUpdAction, n.FkUpdAction) || !fkActionKept(o.FkDelAction, n.FkDelAction) {
			return false, ""
		}
	}
	if proto.Equal(o, n) {
		return true, "the same constraint as the one dropped"
	}
	return false, ""
}

// sameViewPlusColumns reports whether the view query new is old's with columns added at the
// end: PostgreSQL's own condition for CREATE OR REPLACE VIEW ("the same column names in the
// same order and with the same data types, but it may add additional columns to the end of
// the list"), here on the very same expressions, FROM and WHERE, so that every column the
// serving version reads holds the same values. A * in old's list (other than last) is not,
// as it would now stand for more columns than it did, and PostgreSQL refuses the replacement.
//
// A view dropped and created again (recreated) is a new view, and its columns may come in any
// order: the same query, a * standing for a table's new columns included (Coder's
// template_with_users over templates.*, recreated after a column was added), keeps every
// column the serving version reads by name with the same expression.
func sameViewPlusColumns(old, new *pgq.ViewStmt, recreated bool) bool {
	if old == nil || new == nil || old.Query.GetSelectStmt() == nil || new.Query.GetSelectStmt() == nil {
		return false
	}
	if old.WithCheckOption != new.WithCheckOption || len(old.Aliases) > len(new.Aliases) {
		return false
	}
	strip := func(ns []*pgq.Node) []*pgq.Node {
		var out []*pgq.Node
		for _, x := range ns {
			out = append(out, stripLocations(x).(*pgq.Node))
		}
		return out
	}
	eqList := func(a, b []*pgq.Node) bool {
		return slices.EqualFunc(a, b, func(x, y *pgq.Node) bool { return proto.Equal(x, y) })
	}
	if !eqList(strip(old.Aliases), strip(new.Aliases[:len(old.Aliases)])) || !eqList(strip(old.Options), strip(new.Options)) {
		return false
	}
	o := stripLocations(old.Query.GetSelectStmt()).(*pgq.SelectStmt)
	n := stripLocations(new.Query.GetSelectStmt()).(*pgq.SelectStmt)
	if len(o.TargetList) == 0 || len(n.TargetList) < len(o.TargetList) {
		return false
	}
	for i, t := range o.TargetList {
		star := false
		walk(t, func(r protoreflectMessage) {
			if _, ok := r.Interface().(*pgq.A_Star); ok {
				star = true
			}
		})
		if !recreated && (star && i < len(o.TargetList)-1 || star && len(n.TargetList) > len(o.TargetList)) {
			return false
		}
	}
	n.TargetList = n.TargetList[:len(o.TargetList)]
	return proto.Equal(o, n)
}

// schemaOf is a relation's schema as written, public when unqualified (the default
// search_path's first schema that exists).
func schemaOf(rv *pgq.RangeVar) string {
	if rv == nil || rv.Schemaname == "" {
		return "public"
	}
	return rv.Schemaname
}

// grant records GRANT and REVOKE on tables and views (views take GRANT … ON TABLE), on named
// relations or ALL TABLES IN SCHEMA, as who may do what on each relation the folder created.
func (k *knowledge) grant(g *pgq.GrantStmt) {
	if g.Objtype != pgq.ObjectType_OBJECT_TABLE {
		return
	}
	var rels []string
	switch g.Targtype {
	case pgq.GrantTargetType_ACL_TARGET_OBJECT:
		for _, o := range g.Objects {
			if rv := o.GetRangeVar(); rv != nil {
				rels = append(rels, rvKey(rv))
			}
		}
	case pgq.GrantTargetType_ACL_TARGET_ALL_IN_SCHEMA:
		for _, s := range strs(g.Objects) {
			for rel, rs := range k.relSchema {
				if rs == s {
					rels = append(rels, rel)
				}
			}
		}
	}
	if g.IsGrant {
		k.anyGrant = true
	}
	for _, rel := range rels {
		if k.privs[rel] == nil {
			k.privs[rel] = map[string]map[string]bool{}
		}
		applyGrant(k.privs[rel], g)
	}
}

// applyGrant adds (or, for REVOKE, removes) g's privileges for g's grantees in privs (role →
// privilege; "all" stands for every privilege).
func applyGrant(privs map[string]map[string]bool, g *pgq.GrantStmt) {
	names := []string{"all"}
	if len(g.Privileges) > 0 {
		names = nil
		for _, p := range g.Privileges {
			if ap := p.GetAccessPriv(); ap != nil {
				names = append(names, strings.ToLower(ap.PrivName))
			}
		}
	}
	for _, r := range g.Grantees {
		rs := r.GetRoleSpec()
		if rs == nil {
			continue
		}
		role := rs.Rolename
		if rs.Roletype == pgq.RoleSpecType_ROLESPEC_PUBLIC {
			role = "public"
		}
		if privs[role] == nil {
			privs[role] = map[string]bool{}
		}
		for _, n := range names {
			switch {
			case g.IsGrant:
				privs[role][n] = true
			case n == "all":
				delete(privs, role)
			default:
				delete(privs[role], n)
				if privs[role]["all"] { // REVOKE one privilege of ALL: the others stay
					delete(privs[role], "all")
					for _, p := range []string{"select", "insert", "update", "delete", "truncate", "references", "trigger"} {
						if p != n {
							privs[role][p] = true
						}
					}
				}
			}
		}
	}
}

// defaultPrivileges records ALTER DEFAULT PRIVILEGES … ON TABLES (of the role running the
// migrations: with FOR ROLE, Greenlight does not know whether that is the one, and records
// nothing) for the schemas named, or all ("").
func (k *knowledge) defaultPrivileges(d *pgq.AlterDefaultPrivilegesStmt) {
	if d.Action == nil || d.Action.Objtype != pgq.ObjectType_OBJECT_TABLE {
		return
	}
	schemas := []string{""}
	for _, o := range d.Options {
		de := o.GetDefElem()
		if de == nil {
			continue
		}
		switch de.Defname {
		case "roles":
			return
		case "schemas":
			if l := de.Arg.GetList(); l != nil {
				schemas = strs(l.Items)
			}
		}
	}
	for _, s := range schemas {
		if k.defPrivs[s] == nil {
			k.defPrivs[s] = map[string]map[string]bool{}
		}
		applyGrant(k.defPrivs[s], d.Action)
	}
}

// created records a relation the folder creates: its schema, and the privileges PostgreSQL
// gives it from the default privileges in force (ALTER DEFAULT PRIVILEGES applies "to objects
// created in the future").
func (k *knowledge) created(rv *pgq.RangeVar) {
	rel, s := rvKey(rv), schemaOf(rv)
	k.relSchema[rel] = s
	privs := map[string]map[string]bool{}
	for _, from := range []string{"", s} {
		for role, ps := range k.defPrivs[from] {
			if privs[role] == nil {
				privs[role] = map[string]bool{}
			}
			for p := range ps {
				privs[role][p] = true
			}
		}
	}
	k.privs[rel] = privs
}

// privsCover reports whether have gives every role every privilege want gives it.
func privsCover(want, have map[string]map[string]bool) bool {
	for role, ps := range want {
		for p := range ps {
			if !have[role]["all"] && !have[role][p] {
				return false
			}
		}
	}
	return true
}

func clonePrivs(p map[string]map[string]bool) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for role, ps := range p {
		out[role] = map[string]bool{}
		for x := range ps {
			out[role][x] = true
		}
	}
	return out
}

// learnUnique records a unique index or constraint that refuses duplicates at once over every
// row (name is the index's name).
func (k *knowledge) learnUnique(name, table string, cols []string) {
	if name == "" || len(cols) == 0 {
		return
	}
	for n, u := range k.uniq {
		if u.table == table && u.stmt == k.stmtNo && slices.Equal(u.cols, cols) {
			// CREATE TABLE makes one index of two equal key constraints (the manual, CREATE
			// TABLE): which name stands for it Greenlight does not say, so neither is a key.
			delete(k.uniq, n)
			return
		}
	}
	k.uniqSeq++
	k.uniq[name] = uniqueKey{table: table, cols: cols, seq: k.uniqSeq, stmt: k.stmtNo}
}

// indexCols returns an index's columns when each is a plain column with the default collation
// and operator class, else nil.
func indexCols(params []*pgq.Node) []string {
	var cols []string
	for _, p := range params {
		e := p.GetIndexElem()
		if e == nil || e.Name == "" || e.Expr != nil || len(e.Collation) > 0 || len(e.Opclass) > 0 {
			return nil
		}
		cols = append(cols, e.Name)
	}
	return cols
}

// deterministicCollations are PostgreSQL's built-in collations that compare strings equal
// only when their bytes are (the manual, 24.2.2.4, "Nondeterministic Collations": a
// deterministic collation "considers strings to be equal only if they consist of the same
// byte sequence"), and so never equal where the column's own collation is not.
var deterministicCollations = map[string]bool{"C": true, "POSIX": true, "ucs_basic": true, "default": true, "pg_c_utf8": true}

// newIndexCols are indexCols for a new unique index compared with the unique keys known
// (impliedUnique): a column may also name a deterministic built-in collation (Storage's
// name COLLATE "C"), whose equality is never looser than the column's own.
func newIndexCols(params []*pgq.Node) []string {
	var cols []string
	for _, p := range params {
		e := p.GetIndexElem()
		if e == nil || e.Name == "" || e.Expr != nil || len(e.Opclass) > 0 {
			return nil
		}
		if len(e.Collation) > 0 {
			if c := strs(e.Collation); len(c) > 2 || !deterministicCollations[c[len(c)-1]] || len(c) == 2 && c[0] != "pg_catalog" {
				return nil
			}
		}
		cols = append(cols, e.Name)
	}
	return cols
}

// impliedUnique names a unique index or constraint known on table whose columns are all among
// cols: two rows equal on cols are then equal on its columns (non-NULL there, as equal values
// are), so it refuses already every pair the new one would refuse (the manual, CREATE INDEX:
// a unique index refuses equal key values; NULLs are not equal unless NULLS NOT DISTINCT).
func (k *knowledge) impliedUnique(table string, cols []string) string {
	if len(cols) == 0 {
		return ""
	}
	names := make([]string, 0, len(k.uniq))
	for n := range k.uniq {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		u := k.uniq[n]
		if u.table != table {
			continue
		}
		all := true
		for _, c := range u.cols {
			if !slices.Contains(cols, c) {
				all = false
			}
		}
		if all {
			return n
		}
	}
	return ""
}

// uniqueKept says why dropping the indexes names leaves every refusal and every ON CONFLICT
// of the serving version as it was, or "": each is a unique index on plain columns that
// another unique key, not dropped with it, keeps on exactly the same columns: all NOT NULL (a
// primary key's are), so that NULLS [NOT] DISTINCT makes no difference, or NULLS NOT DISTINCT
// wherever the dropped one was. The other key then
// refuses every duplicate the dropped one refused (23505), and ON CONFLICT on those columns
// infers it, since inference takes any unique index on exactly the columns named (the manual,
// INSERT, "ON CONFLICT Clause"). Umami's duplicate user_user_id_key beside the primary key.
func (k *knowledge) uniqueKept(names []string, cascade bool) string {
	var bare []string
	for _, n := range names {
		bare = append(bare, n[strings.LastIndexByte(n, '.')+1:])
	}
	if cascade {
		return "" // CASCADE drops what depends on the index: a foreign key referencing through it
	}
	if k.sawOpaque {
		return "" // a statement Greenlight cannot read may have dropped or made keys (EXECUTE)
	}
	for _, n := range names {
		if schema, _ := splitName(n); schema != "" && schema != "public" {
			return "" // the keys are known by bare name: another schema's index of that name is not the one known
		}
	}
	var kept []string
	for _, n := range bare {
		u, ok := k.uniq[n]
		if !ok || k.unsure(u.table) || k.replicaIdentity(n) || hasDuplicate(u.cols) {
			return ""
		}
		allNotNull := true
		for _, c := range u.cols {
			allNotNull = allNotNull && k.notNull[u.table+"."+c]
		}
		other := ""
		for _, m := range sortedKeys(k.uniq) {
			v := k.uniq[m]
			// The other key must be older, so that it, not the dropped one, already reported the
			// duplicates (errors name the constraint, which an application may match). Over
			// columns that may be NULL it must refuse rows of NULLs wherever the dropped one
			// did: NULLS NOT DISTINCT if the dropped one was (Misskey's user.token, nullable,
			// with a unique constraint and a unique index).
			if !slices.Contains(bare, m) && v.table == u.table && v.seq < u.seq && !hasDuplicate(v.cols) && len(v.cols) == len(u.cols) && !slices.ContainsFunc(u.cols, func(c string) bool { return !slices.Contains(v.cols, c) }) &&
				(allNotNull || v.nnd || !u.nnd) {
				other = m
				break
			}
		}
		if other == "" {
			return ""
		}
		kept = append(kept, n+" by "+other)
	}
	return "another unique key on the same columns, refusing every duplicate it did, stays (" + strings.Join(kept, ", ") + "): it refuses every duplicate the dropped index refused, and ON CONFLICT on those columns infers it (the manual, INSERT, ON CONFLICT)"
}

// hasDuplicate reports whether a column is listed twice.
func hasDuplicate(cols []string) bool {
	for i, c := range cols {
		if slices.Contains(cols[i+1:], c) {
			return true
		}
	}
	return false
}

// replicaIdentity reports whether the index may be a table's replica identity: a statement made
// it one, or the database says it is one (a publication's UPDATE and DELETE need it, 55000), or
// the database cannot say.
func (k *knowledge) replicaIdentity(index string) bool {
	if k.replIdent[index] {
		return true
	}
	if k.cat == nil || k.named(index) {
		return false
	}
	is, err := k.cat.ReplicaIdentity(k.ctx, "", index)
	return is || err != nil
}

// forgetUniqueCol drops the unique keys on a column that is dropped (PostgreSQL drops the
// indexes and constraints on it) or renamed (kept under its new name).
func (k *knowledge) forgetUniqueCol(table, col, renamedTo string) {
	if renamedTo == "" {
		for n, u := range k.exprIdx {
			if u.table == table && slices.Contains(u.cols, col) {
				delete(k.exprIdx, n)
			}
		}
	}
	for n, u := range k.uniq {
		if u.table != table || !slices.Contains(u.cols, col) {
			continue
		}
		if renamedTo == "" {
			delete(k.uniq, n)
			continue
		}
		cols := slices.Clone(u.cols)
		cols[slices.Index(cols, col)] = renamedTo
		u.cols = cols // NULLS NOT DISTINCT and the order it was made in stay
		k.uniq[n] = u
	}
}

// settleNet makes the contract changes an equivalent later statement of the same migration
// undid expand (their warnings stay: the locks are taken all the same).
func (k *knowledge) settleNet(changes []Change) {
	for i := range changes {
		c := &changes[i]
		if c.pending == "" || c.Class != ClassContract {
			continue
		}
		check, ok := k.settle[c.pending]
		if !ok {
			continue
		}
		if why, ok := check(); ok {
			c.Class, c.Why = ClassExpand, why
			if strings.HasPrefix(c.pending, "rls:") || strings.HasPrefix(c.pending, "policy:") {
				c.What += " (with an open policy, in this migration)"
			} else if strings.HasPrefix(c.pending, "notnull:") {
				c.What += " (with a default set later in this migration)"
			} else {
				c.What += " (undone later in this migration)"
			}
		}
	}
}

// view classifies CREATE [OR REPLACE] VIEW. A view the folder created, replaced by the same
// query with columns added at its end, reads as before for the serving version: CREATE OR
// REPLACE keeps the view and its privileges; a view dropped earlier in the same migration
// and created again so must also get back every privilege it had (the manual, DROP VIEW and
// GRANT: privileges belong to the object, and a new object has only the default privileges),
// which settleNet checks once the whole migration is read.
func (k *knowledge) view(c *cls, v *pgq.ViewStmt) *cls {
	key := rvKey(v.View)
	old := k.views[key]
	k.views[key] = v
	if v.Replace && !k.newRels[key] {
		if old != nil && sameViewPlusColumns(old, v, false) {
			c.expand("replaces view " + rvName(v.View) + " with the same query and new columns at its end")
			c.Why = "every column the running version reads keeps its name, place and values (PostgreSQL's own condition for CREATE OR REPLACE VIEW, on the same expressions)"
			return c
		}
		return c.contract("replaces view "+rvName(v.View), "the running version reads the view as it is now; add a new view under a new name, and drop the old one once no version uses it")
	}
	if dv, ok := k.droppedViews[key]; ok && !k.unsure(key) {
		delete(k.droppedViews, key)
		k.created(v.View)
		if k.transactional && sameViewPlusColumns(dv.def, v, true) {
			k.settle[dv.key] = func() (string, bool) {
				if !privsCover(dv.privs, k.privs[key]) || (len(dv.privs) == 0 && k.anyGrant) || dv.defaults {
					return "", false
				}
				return "created again later in this migration with the same query (plus new columns, a * standing for those of its tables) and every privilege it had: the running version never sees it missing", true
			}
		}
		return c.expand("adds view " + rvName(v.View) + " again")
	}
	shadows := k.shadowed(v.View)
	k.newRels[key] = true
	k.created(v.View)
	if shadows != "" {
		return c.contract("adds view "+rvName(v.View)+" beside a relation of the same name", shadows)
	}
	return c.expand("adds view " + rvName(v.View))
}

// referencedTables are the tables a CREATE TABLE or ALTER TABLE's foreign keys reference.
func referencedTables(n *pgq.Node) []string {
	var out []string
	if n.GetCreateStmt() == nil && n.GetAlterTableStmt() == nil {
		return nil
	}
	walk(n, func(r protoreflectMessage) {
		if con, ok := r.Interface().(*pgq.Constraint); ok && con.Contype == pgq.ConstrType_CONSTR_FOREIGN && con.Pktable != nil {
			if t := rvKey(con.Pktable); !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	})
	return out
}

// heldLock is a lock that blocks the running version's writes, taken on an existing table by
// an earlier statement of a migration that runs in one transaction: PostgreSQL holds it until
// the migration commits ("Explicit Locking": "Once acquired, a lock is normally held until the
// end of the transaction").
type heldLock struct {
	mode string
	line int
}

// holdLock records that c took its lock on table (an existing one) and keeps it to the end of
// the migration.
func (k *knowledge) holdLock(table string, c Change) {
	if !k.transactional || !blocksWrites(c.Lock) || k.isNew(table) || table == "" {
		return
	}
	if h, ok := k.held[table]; !ok || lockRank[c.Lock] > lockRank[h.mode] {
		k.held[table] = heldLock{mode: c.Lock, line: c.Line}
	}
}

// holdStatementLock records the lock a statement other than ALTER TABLE and CREATE INDEX
// (which record theirs as they classify) takes on existing tables: a rename, LOCK, TRUNCATE,
// CREATE TRIGGER or CREATE RULE. A renamed table's lock is held under its new name, the name
// later statements of the file use (Windmill's rename of worker_group_config to config, then
// an UPDATE of every row of config under the rename's ACCESS EXCLUSIVE lock).
func (k *knowledge) holdStatementLock(n *pgq.Node, out []Change) {
	if len(out) == 0 {
		return
	}
	// A foreign key takes SHARE ROW EXCLUSIVE on the table it references, whether the
	// statement creates its table or alters one (sql-altertable: "Addition of a foreign key
	// constraint requires a SHARE ROW EXCLUSIVE lock on the referenced table"; CREATE TABLE …
	// REFERENCES takes the same, as pg_locks shows on 15): a later scan of that table in the
	// migration runs under it (Concourse's resource_pins, Flipt's rollout_segment_references).
	for _, t := range referencedTables(n) {
		k.holdLock(t, Change{Lock: LockShareRowExclusive, Line: out[0].Line})
	}
	if !blocksWrites(out[0].Lock) {
		return
	}
	c := out[0]
	switch {
	case n.GetRenameStmt() != nil:
		r := n.GetRenameStmt()
		t := rvKey(r.Relation)
		if t == "" || k.isNew(t) {
			return
		}
		if r.RenameType == pgq.ObjectType_OBJECT_TABLE {
			t = r.Newname
		}
		k.holdLock(t, c)
	case n.GetLockStmt() != nil:
		for _, rn := range n.GetLockStmt().Relations {
			k.holdLock(rvKey(rn.GetRangeVar()), c)
		}
	case n.GetTruncateStmt() != nil:
		for _, rn := range n.GetTruncateStmt().Relations {
			k.holdLock(rvKey(rn.GetRangeVar()), c)
		}
	case n.GetCreateTrigStmt() != nil:
		k.holdLock(rvKey(n.GetCreateTrigStmt().Relation), c)
	case n.GetRuleStmt() != nil:
		k.holdLock(rvKey(n.GetRuleStmt().Relation), c)
	}
}

// underHeldLock warns on a statement that reads or writes rows of a table an earlier statement
// of the same migration locked: it runs, scanning the table, while that lock is held, so the
// running version waits for all of it (strong_migrations, "Backfilling data": a backfill in
// the transaction that altered the table keeps the table locked for the whole backfill).
func (k *knowledge) underHeldLock(n *pgq.Node, out []Change) {
	if len(k.held) == 0 || len(out) == 0 {
		return
	}
	switch {
	case n.GetInsertStmt() != nil, n.GetUpdateStmt() != nil, n.GetDeleteStmt() != nil, n.GetMergeStmt() != nil, n.GetSelectStmt() != nil:
	default:
		return
	}
	var tables []string
	walk(n, func(r protoreflectMessage) {
		if rv, ok := r.Interface().(*pgq.RangeVar); ok {
			if _, held := k.held[rvKey(rv)]; held && !slices.Contains(tables, rvKey(rv)) {
				tables = append(tables, rvKey(rv))
			}
		}
	})
	for _, t := range tables {
		h := k.held[t]
		c := &cls{Change: out[0]}
		c.lock(h.mode).warn(fmt.Sprintf("it runs while the %s lock line %d took on %s is held (until the migration commits): the running version waits on %s for as long as this statement runs; move the backfill to a migration of its own, in batches", h.mode, h.line, t, t))
		out[0] = c.Change
	}
}

// learnExprIndex records an index with an expression or a predicate, and the columns it reads.
// ALTER COLUMN … TYPE rebuilds such an index even when the table is not rewritten: PostgreSQL
// keeps an index only when it "can verify that the new index would be logically equivalent to
// the existing one" (the manual, ALTER TABLE, Notes), which it does not try for expressions
// and predicates (measured on 15: a plain index on a widened varchar keeps its file, a partial
// or expression index on it gets a new one).
func (k *knowledge) learnExprIndex(ix *pgq.IndexStmt) {
	var cols []string
	expr := ix.WhereClause != nil
	add := func(c string) {
		if !slices.Contains(cols, c) {
			cols = append(cols, c)
		}
	}
	for _, p := range ix.IndexParams {
		if e := p.GetIndexElem(); e != nil {
			if e.Name != "" {
				add(e.Name)
			}
			if e.Expr != nil {
				expr = true
				walkCols(e.Expr, add)
			}
		}
	}
	walkCols(ix.WhereClause, add)
	if expr && ix.Idxname != "" {
		k.exprIdx[ix.Idxname] = uniqueKey{table: rvKey(ix.Relation), cols: cols}
	}
}

// exprIndexesOn names the indexes with an expression or a predicate that read table.col.
func (k *knowledge) exprIndexesOn(table, col string) []string {
	var out []string
	for n, u := range k.exprIdx {
		if u.table == table && slices.Contains(u.cols, col) {
			out = append(out, n)
		}
	}
	slices.Sort(out)
	return out
}

// rlsState is what one migration does to a table's row security: whether it enables it,
// whether it adds a policy that lets every role do everything (openPolicy), and whether it
// adds any other policy; before is whether an earlier migration gave the table row security
// or a policy.
type rlsState struct {
	enabled, forced, open, other, before bool
}

func (k *knowledge) rlsOf(table string) *rlsState {
	st := k.rls[table]
	if st == nil {
		st = &rlsState{before: k.rowSec[table] || k.mayHavePolicies(table)}
		k.rls[table] = st
	}
	return st
}

// openRowSecurity is the rule that settles ENABLE ROW LEVEL SECURITY and CREATE POLICY on a
// table in one transactional migration: with row security enabled, "all normal access to the
// table must be allowed by a row security policy", permissive policies are combined with OR
// and restrictive ones with AND (PostgreSQL 15, 5.8, "Row Security Policies"). A table no
// earlier migration gave row security or a policy, enabled here (not FORCEd) with one
// permissive policy FOR ALL TO PUBLIC USING (true) and WITH CHECK (true) or none (the USING
// expression then checks new rows) and no other policy, lets every role see and write every
// row as before.
func (k *knowledge) openRowSecurity(table string) func() (string, bool) {
	return func() (string, bool) {
		st := k.rls[table]
		if st == nil || !k.transactional || !st.enabled || !st.open || st.other || st.before {
			return "", false
		}
		return "row level security enabled with a permissive policy for every role and command, USING (true) and WITH CHECK (true), and no other: every role sees and writes every row as before (the manual, 5.8)", true
	}
}

// enableRowSecurity records ENABLE (plain) or FORCE ROW LEVEL SECURITY on table for
// openRowSecurity.
func (k *knowledge) enableRowSecurity(c *cls, table string, plain bool) {
	st := k.rlsOf(table)
	if plain {
		st.enabled = true
	} else {
		st.other, st.forced = true, true
	}
	k.rowSec[table] = true
	k.seq++
	c.pending = fmt.Sprintf("rls:%s#%d", table, k.seq)
	k.settle[c.pending] = k.openRowSecurity(table)
}

// policy records CREATE POLICY on an existing table for openRowSecurity.
func (k *knowledge) policy(c *cls, p *pgq.CreatePolicyStmt) {
	table := rvKey(p.Table)
	st := k.rlsOf(table)
	isTrue := func(n *pgq.Node) bool {
		b := n.GetAConst().GetBoolval()
		return b != nil && b.Boolval
	}
	public := len(p.Roles) == 0
	if len(p.Roles) == 1 {
		r := p.Roles[0].GetRoleSpec()
		public = r != nil && r.Roletype == pgq.RoleSpecType_ROLESPEC_PUBLIC
	}
	if p.Permissive && (p.CmdName == "" || p.CmdName == "all") && public && isTrue(p.Qual) && (p.WithCheck == nil || isTrue(p.WithCheck)) {
		st.open = true
	} else {
		st.other = true
	}
	before := st.before
	k.rowSec[table] = true
	k.seq++
	c.pending = fmt.Sprintf("policy:%s#%d", table, k.seq)
	open := k.openRowSecurity(table)
	// A policy on a table without row level security does nothing: "row-level security must
	// be enabled on the table (using ALTER TABLE ... ENABLE ROW LEVEL SECURITY) in order for
	// created policies to be applied" (sql-createpolicy). The database says it is off, no
	// earlier migration of the folder gave the table row security or a policy, and the
	// migration does not enable or force it.
	off := !before && k.rowSecurityOff(p.Table)
	k.settle[c.pending] = func() (string, bool) {
		if why, ok := open(); ok {
			return why, ok
		}
		if st := k.rls[table]; off && st != nil && !st.enabled && !st.forced {
			return "row level security is off on " + rvName(p.Table) + " (the database says so, and the migration does not enable it): a policy has no effect until it is enabled (the manual, CREATE POLICY)", true
		}
		return "", false
	}
}

// reinterpreted names the first column an UPDATE sets to a value computed from that same
// column cast to another type than its own (Harbor 2.9: SET callback_func_param =
// json_build_object('policy_id', callback_func_param::int)::text): the values the running
// version wrote are read as something else and written back in another form. A column whose
// type no earlier migration gives counts as cast to another type.
func (k *knowledge) reinterpreted(u *pgq.UpdateStmt) string {
	table := rvKey(u.Relation)
	for _, t := range u.TargetList {
		rt := t.GetResTarget()
		if rt == nil || rt.Val == nil || len(rt.Indirection) > 0 {
			continue
		}
		own := k.cols[table+"."+rt.Name]
		found := false
		walk(rt.Val, func(m protoreflect.Message) {
			tc, ok := m.Interface().(*pgq.TypeCast)
			if !ok || found || tc.Arg == nil {
				return
			}
			cr := tc.Arg.GetColumnRef()
			if cr == nil || lastName(cr.Fields) != rt.Name {
				return
			}
			if own != nil && textForm(tc.TypeName) {
				// The column read as text is the text PostgreSQL writes for it (its output
				// function), not its values reinterpreted: Coder's
				// replace(group_acl::text, …)::jsonb edits a jsonb value in its own form.
				return
			}
			if own == nil || !sameType(own, tc.TypeName) {
				found = true
			}
		})
		if found {
			return rt.Name
		}
	}
	return ""
}

// textForm reports whether tn is text or varchar without a length: a cast of a value to it
// gives the value's own text form (any type can be cast to text through its output function:
// the manual, CREATE CAST, "automatic I/O conversion casts").
func textForm(tn *pgq.TypeName) bool {
	if tn == nil || len(tn.Typmods) > 0 || len(tn.ArrayBounds) > 0 {
		return false
	}
	n := lastName(tn.Names)
	return n == "text" || n == "varchar"
}

// looserCheck reports whether every row the CHECK expression old accepts, new accepts too: the
// same expression, or the same comparison of the same expression with its constant bound moved
// outward (`length(payload::text) < 10 * 1024` to `< 512 * 1024`, Windmill's
// capture_check_increase, found by the sixth holdout); with AND, when each of new's terms is
// implied by old or by one of old's terms. A CHECK passes when its expression is NULL (the
// manual, 5.4.1 Check Constraints), and the same left-hand expression is NULL on the same rows.
func looserCheck(old, new *pgq.Node) bool {
	if old == nil || new == nil || constFails(new) {
		return false // a constant that fails to fold fails every write, whatever else new says
	}
	o, n := stripLocations(old).(*pgq.Node), stripLocations(new).(*pgq.Node)
	if proto.Equal(o, n) {
		return true
	}
	// Each rule below is sound on its own (a row old accepts, new accepts), so any that
	// applies decides; the boolean ones are tried before the comparison of one bound.
	every := func(terms []*pgq.Node, implied func(*pgq.Node) bool) bool {
		for _, t := range terms {
			if !implied(t) {
				return false
			}
		}
		return true
	}
	some := func(terms []*pgq.Node, implied func(*pgq.Node) bool) bool {
		return slices.ContainsFunc(terms, implied)
	}
	nbool, obool := n.GetBoolExpr(), o.GetBoolExpr()
	switch {
	case nbool != nil && nbool.Boolop == pgq.BoolExprType_AND_EXPR && every(nbool.Args, func(t *pgq.Node) bool { return looserCheck(o, t) }):
		return true // old implies each term of new
	case obool != nil && obool.Boolop == pgq.BoolExprType_OR_EXPR && every(obool.Args, func(t *pgq.Node) bool { return looserCheck(t, n) }):
		return true // each way old accepts a row, new accepts it
	case nbool != nil && nbool.Boolop == pgq.BoolExprType_OR_EXPR && some(nbool.Args, func(t *pgq.Node) bool { return looserCheck(o, t) }):
		return true // old implies one of new's alternatives
	case obool != nil && obool.Boolop == pgq.BoolExprType_AND_EXPR && some(obool.Args, func(t *pgq.Node) bool { return looserCheck(t, n) }):
		return true // one of old's conditions implies new
	}
	if nbool != nil || obool != nil {
		return false
	}
	oe, ne := o.GetAExpr(), n.GetAExpr()
	if inList(oe) != nil && inList(ne) != nil && proto.Equal(oe.Lexpr, ne.Lexpr) {
		// x IN (a, b) then x IN (a, b, c): a row old accepts has x equal to one of its
		// constants, which new lists too. A NULL in old's list makes it null (accepted) for
		// every other x, so old must list none.
		for _, c := range inList(oe) {
			if c.GetAConst() == nil || c.GetAConst().Isnull || !slices.ContainsFunc(inList(ne), func(d *pgq.Node) bool { return proto.Equal(c, d) }) {
				return false
			}
		}
		return true
	}
	if oe == nil || ne == nil || oe.Kind != pgq.A_Expr_Kind_AEXPR_OP || ne.Kind != pgq.A_Expr_Kind_AEXPR_OP ||
		len(oe.Name) != 1 || len(ne.Name) != 1 || lastName(oe.Name) != lastName(ne.Name) || oe.Lexpr == nil || !proto.Equal(oe.Lexpr, ne.Lexpr) {
		return false
	}
	ob, ok1 := intConst(oe.Rexpr)
	nb, ok2 := intConst(ne.Rexpr)
	if !ok1 || !ok2 {
		return false
	}
	switch lastName(oe.Name) {
	case "<", "<=":
		return nb.Cmp(ob) >= 0
	case ">", ">=":
		return nb.Cmp(ob) <= 0
	}
	return false
}

// inList is the list of x IN (…) (not NOT IN), or nil.
func inList(e *pgq.A_Expr) []*pgq.Node {
	if e == nil || e.Kind != pgq.A_Expr_Kind_AEXPR_IN || lastName(e.Name) != "=" || e.Rexpr.GetList() == nil {
		return nil
	}
	return e.Rexpr.GetList().Items
}

// intConst folds an integer constant written with +, - and * (`10 * 1024`, `-1`) as
// PostgreSQL does (pgInt): not when folding fails.
func intConst(e *pgq.Node) (*big.Int, bool) {
	v, _, ok, fails := pgInt(e)
	return v, ok && !fails
}
