package migrate

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	pgq "github.com/pganalyze/pg_query_go/v6"
)

// Catalog answers what a migration folder cannot say about the database it is applied to:
// whether an object that no migration of the folder creates exists there, and what it is.
// Without one (ReadDir, `greenlight migrate plan`), such an object is unknown and a statement
// whose effect depends on it is contract. The stages (Expand, Contract, Plan) classify with
// the Catalog of the database they migrate, so that `DROP INDEX IF EXISTS` of an index the
// database does not have is known to drop nothing, and `CREATE OR REPLACE FUNCTION` of a
// function it does not have is known to add one.
//
// ReadDirWith asks only about objects that no statement of a pending migration before the one
// it classifies names (applied migrations are in the database already): a pending statement
// Greenlight cannot read to the end (a DO block, EXECUTE) could create the object before it.
type Catalog interface {
	// Applied reports whether the migration of that version has been applied to the database.
	Applied(version int64) bool
	// Index reports whether an index of that name exists (in the schema given, or in any
	// schema when the name is not qualified) and whether one of them refuses duplicates (a
	// unique or primary-key index, or an exclusion constraint's).
	Index(ctx context.Context, schema, name string) (exists, unique bool, err error)
	// Function reports whether any function or procedure of that name exists, in any schema
	// and with any arguments (a new one of the same name may shadow or make ambiguous the
	// calls that reach an existing one).
	Function(ctx context.Context, name string) (exists bool, err error)
	// UserDefined reports whether a function, procedure or operator of that name exists in a
	// schema other than pg_catalog and information_schema: one that may take a call or an
	// operator PostgreSQL would otherwise resolve to a built-in (an exact match of argument
	// types wins over pg_catalog's coercion).
	UserDefined(ctx context.Context, name string) (exists bool, err error)
	// Relation reports whether a table, view, materialized view, sequence or other relation
	// of that name exists (in the schema given, or in any schema but information_schema and
	// the TOAST schemas, which no search_path reaches).
	Relation(ctx context.Context, schema, name string) (exists bool, err error)
	// Trigger reports whether a trigger of that name exists on a table of that name (in the
	// schema given, or in any schema).
	Trigger(ctx context.Context, schema, table, name string) (exists bool, err error)
	// Type reports whether a type or domain of that name exists (in the schema given, or in
	// any schema).
	Type(ctx context.Context, schema, name string) (exists bool, err error)
	// RowSecurity reports whether row level security is enabled on a table of that name (in
	// the schema given, or in any schema: on any of them).
	RowSecurity(ctx context.Context, schema, table string) (enabled bool, err error)
	// DefaultPartition reports whether a partitioned table of that name (in the schema given,
	// or in any schema) has a DEFAULT partition.
	DefaultPartition(ctx context.Context, schema, table string) (bool, error)
	// Policies reports whether a table of that name (in the schema given, or in any schema)
	// has a row security policy.
	Policies(ctx context.Context, schema, table string) (bool, error)
	// Column reports whether a table of that name (in the schema given, or in any schema)
	// has a column of that name.
	Column(ctx context.Context, schema, table, column string) (exists bool, err error)
	// Children reports whether a table of that name (in the schema given, or in any schema)
	// has tables inheriting from it or partitions.
	Children(ctx context.Context, schema, table string) (has bool, err error)
	// ReplicaIdentity reports whether an index of that name (in the schema given, or in any
	// schema) is its table's replica identity (REPLICA IDENTITY USING INDEX).
	ReplicaIdentity(ctx context.Context, schema, index string) (bool, error)
	// Constraint reports whether a table of that name (in the schema given, or in any schema)
	// has a constraint of that name.
	Constraint(ctx context.Context, schema, table, name string) (exists bool, err error)
	// TypeDefault reports whether a type of that name exists (in the schema given, or in any
	// schema) and whether one of them has a default of its own (a domain's DEFAULT).
	TypeDefault(ctx context.Context, schema, name string) (exists, hasDefault bool, err error)
	// FunctionUnchanged reports whether stmt, a CREATE OR REPLACE FUNCTION or PROCEDURE of
	// that name, leaves every function and procedure of that name, in every schema, exactly as
	// the database defines it now (pg_get_functiondef: arguments, result, language,
	// volatility, strictness, security, parallel safety, settings and body). The database
	// answers by running stmt in a transaction it rolls back.
	FunctionUnchanged(ctx context.Context, name, stmt string) (unchanged bool, err error)
}

// catalogTimeout bounds each question to the database.
const catalogTimeout = 10 * time.Second

// DatabaseCatalog is the Catalog of the database db connects to, in which the migrations of
// the versions applied have been applied (goose's table says which; the stages pass them).
// Each question has a 10-second timeout.
func DatabaseCatalog(db *sql.DB, applied ...int64) Catalog {
	c := dbCatalog{db: db, applied: map[int64]bool{}}
	for _, v := range applied {
		c.applied[v] = true
	}
	return c
}

type dbCatalog struct {
	db      *sql.DB
	applied map[int64]bool
}

func (c dbCatalog) Applied(version int64) bool { return c.applied[version] }

func (c dbCatalog) Index(ctx context.Context, schema, name string) (exists, unique bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, catalogTimeout)
	defer cancel()
	var n int
	err = c.db.QueryRowContext(ctx, `SELECT count(*), coalesce(bool_or(i.indisunique OR i.indisprimary OR i.indisexclusion), false)
		FROM pg_index i JOIN pg_class r ON r.oid = i.indexrelid JOIN pg_namespace s ON s.oid = r.relnamespace
		WHERE r.relname = $2 AND ($1 = '' OR s.nspname = $1)`, schema, name).Scan(&n, &unique)
	if err != nil {
		return false, false, fmt.Errorf("asking the database about index %s: %w", name, err)
	}
	return n > 0, unique, nil
}

func (c dbCatalog) Function(ctx context.Context, name string) (bool, error) {
	return c.exists(ctx, "function "+name, `SELECT EXISTS (SELECT 1 FROM pg_proc WHERE proname = $1)`, name)
}

func (c dbCatalog) UserDefined(ctx context.Context, name string) (bool, error) {
	return c.exists(ctx, "functions and operators named "+name, `SELECT EXISTS (SELECT 1 FROM pg_proc p JOIN pg_namespace s ON s.oid = p.pronamespace
		WHERE p.proname = $1 AND s.nspname NOT IN ('pg_catalog', 'information_schema'))
		OR EXISTS (SELECT 1 FROM pg_operator o JOIN pg_namespace s ON s.oid = o.oprnamespace
		WHERE o.oprname = $1 AND s.nspname NOT IN ('pg_catalog', 'information_schema'))`, name)
}

func (c dbCatalog) exists(ctx context.Context, what, q string, args ...any) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, catalogTimeout)
	defer cancel()
	var exists bool
	if err := c.db.QueryRowContext(ctx, q, args...).Scan(&exists); err != nil {
		return false, fmt.Errorf("asking the database about %s: %w", what, err)
	}
	return exists, nil
}

func (c dbCatalog) Relation(ctx context.Context, schema, name string) (bool, error) {
	return c.exists(ctx, "relation "+name, `SELECT EXISTS (SELECT 1 FROM pg_class r JOIN pg_namespace s ON s.oid = r.relnamespace
		WHERE r.relname = $2 AND ($1 = '' AND s.nspname <> 'information_schema' AND s.nspname NOT LIKE 'pg\_toast%' OR s.nspname = $1))`, schema, name)
}

func (c dbCatalog) Trigger(ctx context.Context, schema, table, name string) (bool, error) {
	return c.exists(ctx, "trigger "+name, `SELECT EXISTS (SELECT 1 FROM pg_trigger g JOIN pg_class r ON r.oid = g.tgrelid
		JOIN pg_namespace s ON s.oid = r.relnamespace WHERE g.tgname = $3 AND r.relname = $2 AND ($1 = '' OR s.nspname = $1))`, schema, table, name)
}

func (c dbCatalog) Type(ctx context.Context, schema, name string) (bool, error) {
	return c.exists(ctx, "type "+name, `SELECT EXISTS (SELECT 1 FROM pg_type t JOIN pg_namespace s ON s.oid = t.typnamespace
		WHERE t.typname = $2 AND ($1 = '' OR s.nspname = $1))`, schema, name)
}

func (c dbCatalog) RowSecurity(ctx context.Context, schema, table string) (bool, error) {
	return c.exists(ctx, "row security on "+table, `SELECT EXISTS (SELECT 1 FROM pg_class r JOIN pg_namespace s ON s.oid = r.relnamespace
		WHERE r.relname = $2 AND ($1 = '' OR s.nspname = $1) AND (r.relrowsecurity OR r.relforcerowsecurity))`, schema, table)
}

func (c dbCatalog) DefaultPartition(ctx context.Context, schema, table string) (bool, error) {
	return c.exists(ctx, "the partitions of "+table, `SELECT EXISTS (SELECT 1 FROM pg_partitioned_table p JOIN pg_class r ON r.oid = p.partrelid
		JOIN pg_namespace s ON s.oid = r.relnamespace WHERE p.partdefid <> 0 AND r.relname = $2 AND ($1 = '' OR s.nspname = $1))`, schema, table)
}

func (c dbCatalog) Policies(ctx context.Context, schema, table string) (bool, error) {
	return c.exists(ctx, "the policies of "+table, `SELECT EXISTS (SELECT 1 FROM pg_policy p JOIN pg_class r ON r.oid = p.polrelid
		JOIN pg_namespace s ON s.oid = r.relnamespace WHERE r.relname = $2 AND ($1 = '' OR s.nspname = $1))`, schema, table)
}

func (c dbCatalog) Column(ctx context.Context, schema, table, column string) (bool, error) {
	return c.exists(ctx, "column "+table+"."+column, `SELECT EXISTS (SELECT 1 FROM pg_attribute a JOIN pg_class r ON r.oid = a.attrelid
		JOIN pg_namespace s ON s.oid = r.relnamespace WHERE a.attname = $3 AND NOT a.attisdropped AND r.relname = $2 AND ($1 = '' OR s.nspname = $1))`, schema, table, column)
}

func (c dbCatalog) Children(ctx context.Context, schema, table string) (bool, error) {
	return c.exists(ctx, "the children of "+table, `SELECT EXISTS (SELECT 1 FROM pg_inherits i JOIN pg_class r ON r.oid = i.inhparent
		JOIN pg_namespace s ON s.oid = r.relnamespace WHERE r.relname = $2 AND ($1 = '' OR s.nspname = $1))`, schema, table)
}

func (c dbCatalog) ReplicaIdentity(ctx context.Context, schema, index string) (bool, error) {
	return c.exists(ctx, "index "+index, `SELECT EXISTS (SELECT 1 FROM pg_index i JOIN pg_class r ON r.oid = i.indexrelid JOIN pg_namespace s ON s.oid = r.relnamespace
		WHERE i.indisreplident AND r.relname = $2 AND ($1 = '' OR s.nspname = $1))`, schema, index)
}

func (c dbCatalog) Constraint(ctx context.Context, schema, table, name string) (bool, error) {
	return c.exists(ctx, "constraint "+name, `SELECT EXISTS (SELECT 1 FROM pg_constraint n JOIN pg_class r ON r.oid = n.conrelid
		JOIN pg_namespace s ON s.oid = r.relnamespace WHERE n.conname = $3 AND r.relname = $2 AND ($1 = '' OR s.nspname = $1))`, schema, table, name)
}

func (c dbCatalog) TypeDefault(ctx context.Context, schema, name string) (exists, hasDefault bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, catalogTimeout)
	defer cancel()
	var n int
	err = c.db.QueryRowContext(ctx, `SELECT count(*), coalesce(bool_or(t.typdefaultbin IS NOT NULL OR t.typdefault IS NOT NULL), false)
		FROM pg_type t JOIN pg_namespace s ON s.oid = t.typnamespace WHERE t.typname = $2 AND ($1 = '' OR s.nspname = $1)`, schema, name).Scan(&n, &hasDefault)
	if err != nil {
		return false, false, fmt.Errorf("asking the database about type %s: %w", name, err)
	}
	return n > 0, hasDefault, nil
}

func (c dbCatalog) FunctionUnchanged(ctx context.Context, name, stmt string) (bool, error) {
	ctx, cancel := context.WithTimeout(ctx, catalogTimeout)
	defer cancel()
	tx, err := c.db.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("asking the database about function %s: %w", name, err)
	}
	defer tx.Rollback() //nolint:errcheck // the transaction only asks; rolling it back is the point
	// A lock another session holds on the function fails the question rather than waiting.
	if _, err := tx.ExecContext(ctx, "SET LOCAL lock_timeout = '2s'"); err != nil {
		return false, fmt.Errorf("asking the database about function %s: %w", name, err)
	}
	defs := func() (string, error) {
		var d sql.NullString
		// Every kind of routine of that name: pg_get_functiondef refuses an aggregate, which is
		// named by its signature instead (CREATE OR REPLACE FUNCTION cannot replace one).
		err := tx.QueryRowContext(ctx, `SELECT string_agg(CASE WHEN p.prokind = 'a' THEN 'aggregate ' || p.oid::regprocedure::text
			ELSE pg_get_functiondef(p.oid) END, E'\n' ORDER BY p.oid) FROM pg_proc p WHERE p.proname = $1`, name).Scan(&d)
		return d.String, err
	}
	before, err := defs()
	if err != nil {
		return false, fmt.Errorf("asking the database about function %s: %w", name, err)
	}
	if _, err := tx.ExecContext(ctx, stmt); err != nil {
		return false, fmt.Errorf("trying CREATE OR REPLACE of function %s in a transaction rolled back: %w", name, err)
	}
	after, err := defs()
	if err != nil {
		return false, fmt.Errorf("asking the database about function %s: %w", name, err)
	}
	return before != "" && before == after, nil
}

// constraintAbsent reports whether the database says table has no constraint of that name, and
// no pending statement before this one names it nor does what Greenlight cannot read.
func (k *knowledge) constraintAbsent(table, name string) bool {
	if k.cat == nil || k.sawOpaque || k.named(name) {
		return false
	}
	exists, err := k.cat.Constraint(k.ctx, k.relSchema0[table], table, name)
	return err == nil && !exists
}

// mayHaveDefaultPartition reports whether table may have a DEFAULT partition: an earlier
// statement of the folder gave it one, did what Greenlight cannot read, or the database,
// asked, says so or cannot tell.
func (k *knowledge) mayHaveDefaultPartition(rv *pgq.RangeVar) bool {
	if name := rvKey(rv); k.defaultParts[name] || k.sawOpaque || k.ambiguous[name] || k.pathSet || len(k.relSchemas[name]) > 1 {
		return true
	}
	if k.cat == nil || !k.pending || k.named(rv.Relname) {
		return false
	}
	has, err := k.cat.DefaultPartition(k.ctx, rv.Schemaname, rv.Relname)
	return err != nil || has
}

// mayHavePolicies reports whether table may have row security or a policy that the folder
// does not show: an earlier statement did what Greenlight cannot read (a policy made by
// EXECUTE), or the database, asked, says so or cannot tell.
func (k *knowledge) mayHavePolicies(table string) bool {
	if k.sawOpaque {
		return true
	}
	if k.cat == nil || k.named(table) {
		return false
	}
	has, err := k.cat.Policies(k.ctx, k.relSchema0[table], table)
	if err != nil || has {
		return true
	}
	on, err := k.cat.RowSecurity(k.ctx, k.relSchema0[table], table)
	return err != nil || on
}

// rowSecurityOff reports whether the database says row level security is off on table (as
// a RangeVar names it) and no pending statement before this one names the table.
func (k *knowledge) rowSecurityOff(rv *pgq.RangeVar) bool {
	if k.cat == nil || rv == nil || k.named(rv.Relname) {
		return false
	}
	on, err := k.cat.RowSecurity(k.ctx, rv.Schemaname, rv.Relname)
	return err == nil && !on
}

// splitName splits a name as objectName writes it into its schema and its own name.
func splitName(n string) (schema, name string) {
	if i := strings.LastIndexByte(n, '.'); i >= 0 {
		return n[:i], n[i+1:]
	}
	return "", n
}

// named reports whether a statement of a pending migration classified before the current one
// names ident (as a word: letters, digits, _ and $ do not continue it on either side).
func (k *knowledge) named(ident string) bool {
	ident = strings.ToLower(ident)
	s := k.pendingText.String()
	for i := 0; ; {
		j := strings.Index(s[i:], ident)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(ident)
		if (j == 0 || !identByte(s[j-1])) && (end == len(s) || !identByte(s[end])) {
			return true
		}
		i = j + 1
	}
}

func identByte(b byte) bool {
	return b == '_' || b == '$' || b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b >= 0x80
}

// askIndex asks the catalog about the index n (as objectName writes it) when there is one and
// no pending statement before this one names the index: asked is whether the answer (exists,
// and unique: one of that name refuses duplicates) stands; err says why the catalog could not
// tell.
func (k *knowledge) askIndex(n string) (asked, exists, unique bool, err error) {
	if k.cat == nil {
		return false, false, false, nil
	}
	schema, name := splitName(n)
	if k.named(name) {
		return false, false, false, nil
	}
	exists, unique, err = k.cat.Index(k.ctx, schema, name)
	return err == nil, exists, unique, err
}

// surelyAbsent reports whether an ALTER … IF EXISTS of rv does nothing (the manual, ALTER
// TABLE: "Do not throw an error if the table does not exist. A notice is issued in this
// case."): the database, asked, has no relation of that name (in the schema rv gives, or in
// any schema), and no statement before this one made or names it or did what Greenlight cannot
// read, nor made one under a name it does not write (implicitRels: a primary key's index
// scratch_pkey, a serial's sequence). Unlike relationAbsent it needs the database's word:
// without a Catalog a relation the folder does not make may still exist.
func (k *knowledge) surelyAbsent(rv *pgq.RangeVar) bool {
	return rv != nil && k.cat != nil && k.pending && !k.implicitRels && !k.named(rv.Relname) && k.relationAbsent(rv)
}

// nothingToAlter is what an ALTER … IF EXISTS of a relation the database lacks does.
func nothingToAlter(rv *pgq.RangeVar) string {
	return "changes nothing: the database has no relation " + rvName(rv) + " and no migration before it creates one (IF EXISTS)"
}

// functionUnchanged reports whether the database says f, a CREATE OR REPLACE FUNCTION or
// PROCEDURE of an existing one, leaves every function of its name as it is. The database's
// session must stand for the migration's: no pending statement before it changed the session
// (sessionTouched: a SET may change what a SQL-standard body binds, or what SET … FROM CURRENT
// takes) or names the function or did what Greenlight cannot read; and the statement is one
// the file writes (its own text is run, not a deparse, which may lose a quoted OUT name), takes
// nothing from the session (FROM CURRENT), has no SQL-standard body (bound when created) and
// is in a language whose validator runs none of its code (trialLanguages).
func (k *knowledge) functionUnchanged(f *pgq.CreateFunctionStmt, name string) (bool, error) {
	if k.cat == nil || !k.pending || k.sawOpaque || k.sessionTouched || k.named(name) || f.SqlBody != nil || k.cur.node.GetCreateFunctionStmt() != f {
		return false, nil
	}
	for _, o := range f.Options {
		d := o.GetDefElem()
		switch {
		case d == nil:
		case d.Defname == "set" && d.Arg.GetVariableSetStmt().GetKind() == pgq.VariableSetKind_VAR_SET_CURRENT:
			return false, nil
		case d.Defname == "language" && !trialLanguages[strings.ToLower(d.Arg.GetString_().GetSval())]:
			return false, nil
		}
	}
	// The file's text of one statement, as the parser cut it: checked to be one CREATE
	// FUNCTION again before the database runs it.
	back, err := parseSQL(k.cur.sql)
	if err != nil || len(back) != 1 || back[0].node.GetCreateFunctionStmt() == nil {
		return false, err
	}
	return k.cat.FunctionUnchanged(k.ctx, name, k.cur.sql)
}

// trialLanguages are the languages whose validators run none of the function's own code when
// it is created: C loads a library, and PL/Perl, for one, runs BEGIN blocks as it compiles.
var trialLanguages = map[string]bool{"sql": true, "plpgsql": true, "internal": true}

// recreated is what a CREATE OR REPLACE that leaves the function as it is does.
func recreated(kind, name string) string {
	return "re-creates " + kind + " " + name + " as the database defines it (the same arguments, result, attributes and body: nothing changes)"
}

// newFunction reports whether the database has no function of that name and no pending
// statement before this one names it.
func (k *knowledge) newFunction(name string) (bool, error) {
	if k.cat == nil || k.named(name) {
		return false, nil
	}
	exists, err := k.cat.Function(k.ctx, name)
	return err == nil && !exists, err
}

// absent reports whether the database has none of the objects a DROP … IF EXISTS names (as
// objectName writes them) and no pending statement before it names one: the statement then
// drops nothing. err says why the database could not tell.
func (k *knowledge) absent(d *pgq.DropStmt, names []string) (bool, error) {
	if k.cat == nil || !d.MissingOk || len(names) == 0 {
		return false, nil
	}
	for _, n := range names {
		parts := strings.Split(n, ".")
		own := parts[len(parts)-1]
		if k.named(own) {
			return false, nil
		}
		var exists bool
		var err error
		switch d.RemoveType {
		case pgq.ObjectType_OBJECT_INDEX:
			exists, _, err = k.cat.Index(k.ctx, strings.Join(parts[:len(parts)-1], "."), own)
		case pgq.ObjectType_OBJECT_TABLE, pgq.ObjectType_OBJECT_VIEW, pgq.ObjectType_OBJECT_MATVIEW, pgq.ObjectType_OBJECT_SEQUENCE, pgq.ObjectType_OBJECT_FOREIGN_TABLE:
			exists, err = k.cat.Relation(k.ctx, strings.Join(parts[:len(parts)-1], "."), own)
		case pgq.ObjectType_OBJECT_FUNCTION, pgq.ObjectType_OBJECT_PROCEDURE, pgq.ObjectType_OBJECT_ROUTINE:
			exists, err = k.cat.Function(k.ctx, own)
		case pgq.ObjectType_OBJECT_TYPE, pgq.ObjectType_OBJECT_DOMAIN:
			exists, err = k.cat.Type(k.ctx, strings.Join(parts[:len(parts)-1], "."), own)
		case pgq.ObjectType_OBJECT_TRIGGER:
			if len(parts) < 2 {
				return false, nil
			}
			exists, err = k.cat.Trigger(k.ctx, strings.Join(parts[:len(parts)-2], "."), parts[len(parts)-2], own)
		default:
			return false, nil
		}
		if err != nil || exists {
			return false, err
		}
	}
	return true, nil
}

// columnAbsent reports whether the database says table lacks column and no pending statement
// before this one names the column: false without a Catalog.
func (k *knowledge) columnAbsent(schema, table, column string) bool {
	if k.cat == nil || k.named(column) {
		return false
	}
	exists, err := k.cat.Column(k.ctx, schema, table, column)
	return err == nil && !exists
}
