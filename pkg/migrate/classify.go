package migrate

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	pgq "github.com/pganalyze/pg_query_go/v6"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protoreflect"
)

// Class says whether a change keeps the schema usable by the version of the service that runs
// now (expand) or may break it (contract).
type Class string

const (
	// Expand changes are backward compatible: the running version keeps working after them
	// (a new table, a nullable column, an index built concurrently).
	ClassExpand Class = "expand"
	// Contract changes may break the running version: a dropped or renamed column or table, a
	// changed type, a NOT NULL column without a default, a new constraint. They run only when
	// no older version serves traffic.
	ClassContract Class = "contract"
)

// PostgreSQL's table lock modes, as the manual names them ("Explicit Locking", Table 13.2),
// from the weakest that blocks the running version's writes upwards.
const (
	LockShareUpdateExclusive = "SHARE UPDATE EXCLUSIVE"
	LockShare                = "SHARE"
	LockShareRowExclusive    = "SHARE ROW EXCLUSIVE"
	LockExclusive            = "EXCLUSIVE"
	LockAccessExclusive      = "ACCESS EXCLUSIVE"
)

// lockRank orders lock modes; those from SHARE up block the running version's writes, and
// ACCESS EXCLUSIVE its reads too.
var lockRank = map[string]int{"": 0, LockShareUpdateExclusive: 1, LockShare: 2, LockShareRowExclusive: 3, LockExclusive: 4, LockAccessExclusive: 5}

// blocksWrites reports whether lock mode l blocks INSERT, UPDATE and DELETE.
func blocksWrites(l string) bool { return lockRank[l] >= lockRank[LockShare] }

// Change is what one SQL statement of a migration does, as its parse tree says.
type Change struct {
	// Line is the statement's first line in the migration file.
	Line int `json:"line"`
	// SQL is the statement, shortened to one line.
	SQL string `json:"sql"`
	// Class is expand or contract.
	Class Class `json:"class"`
	// What the statement does, such as "adds nullable column orders.note".
	What string `json:"what"`
	// Why, for a contract change, the version running now may break; for an expand change,
	// why it keeps working when that is not obvious.
	Why string `json:"why,omitempty"`
	// NonTransactional is true for statements PostgreSQL cannot run inside a transaction block
	// (CREATE INDEX CONCURRENTLY, VACUUM, …): their migration must say -- +goose NO TRANSACTION.
	NonTransactional bool `json:"non_transactional,omitempty"`
	// Lock is the strongest lock the statement takes on an existing table, as PostgreSQL's
	// manual names it ("ACCESS EXCLUSIVE"), or empty when it takes none that matters.
	Lock string `json:"lock,omitempty"`
	// Rewrite is true when PostgreSQL rewrites the whole table (or may: a default whose
	// volatility Greenlight does not know) while holding Lock.
	Rewrite bool `json:"rewrite,omitempty"`
	// Warning is advice that does not change the class: a lock held while the table is
	// rewritten or scanned, with the safer way to make the change.
	Warning string `json:"warning,omitempty"`
	// Invalid is set for a statement that must not be in a migration at all (BEGIN, COMMIT).
	Invalid string `json:"invalid,omitempty"`
	// pending names what a later statement of the same migration may undo (a constraint or a
	// view dropped): settleNet makes the change expand when one did.
	pending string
}

// knowledge is what the migrations read so far say about the schema: column types,
// constraint and index kinds. It lets a statement be judged by what it changes (dropping a
// CHECK constraint loosens; dropping a UNIQUE one breaks ON CONFLICT).
type knowledge struct {
	cols    map[string]*pgq.TypeName  // "table.column"
	cons    map[string]pgq.ConstrType // "table.constraint"
	indexes map[string]bool           // index name → unique
	checked map[string]bool           // "table.column" some CHECK constraint reads
	notNull map[string]bool           // "table.column" known to be NOT NULL
	// Per migration file:
	newRels map[string]bool // relations created earlier in the same file
	// newCols are the columns added earlier in the same file to a table that existed before
	// it ("table.column"): true when the running version's INSERTs, which do not name them,
	// leave them NULL (no default, or DEFAULT NULL), false when they fill them with a default.
	newCols map[string]bool
	// newConst is the constant default (a literal, maybe cast) of a column in newCols that the
	// running version's INSERTs fill with it: the only value its rows have there.
	newConst    map[string]*pgq.Node
	notValid    map[string]bool // "table.constraint" added NOT VALID earlier in the same file
	lockTimeout bool            // SET lock_timeout seen earlier in the same file

	// For the rules on a migration's net effect (classify_net.go):
	defs      map[string]*pgq.Constraint            // "table.constraint" → its definition, normalized
	uniq      map[string]uniqueKey                  // index or constraint name → the columns it keeps unique
	exprIdx   map[string]uniqueKey                  // index with an expression or a predicate → the columns it reads
	views     map[string]*pgq.ViewStmt              // view → its definition
	hooked    map[string]bool                       // relations with a trigger or rule
	relSchema map[string]string                     // relation → its schema
	privs     map[string]map[string]map[string]bool // relation → role → privilege
	defPrivs  map[string]map[string]map[string]bool // schema ("" for all) → role → privilege, on tables created later
	anyGrant  bool                                  // some migration grants privileges on a table
	rowSec    map[string]bool                       // relations an earlier statement gave row security or a policy
	funcs     map[string]bool                       // functions and procedures some statement created (by name)
	// For triggers the running version cannot notice (classify_trigger.go):
	channels     map[string]string // notification channel → the function that sends on it first ("" for NOTIFY)
	sent         map[string]bool   // "table.column" whose type bounds a quiet trigger's notification payload
	triggerFuncs map[string]bool   // functions of triggers found quiet: replacing one changes them
	triggers     map[string]bool   // "table.trigger" some statement created or renamed a trigger to
	// checkedDomains are the domains (by bare name) an earlier statement gave a CHECK or NOT
	// NULL constraint: a column of one added to a table is filled by a rewrite.
	checkedDomains map[string]bool
	userOps        bool                       // some statement created an operator: a comparison may resolve to it
	userCollations bool                       // some statement created a collation, which may be nondeterministic: LIKE refuses those (0A000)
	replIdent      map[string]bool            // indexes a statement made a table's replica identity
	relSchemas     map[string]map[string]bool // relation (bare name) → the schemas a statement created one in ("" as public)
	uniqSeq        int                        // numbers the unique keys in the order they were made
	// defaults says, for the columns an earlier statement created, whether they have a
	// default of their own (DEFAULT not NULL, serial, identity, generated); absent: unknown.
	defaults map[string]bool
	// noDefaultTypes are the types an earlier statement created: true for those without a
	// default of their own (enums, composite and range types, domains without DEFAULT), false
	// for a domain with one (or whose default was altered).
	noDefaultTypes map[string]bool
	typeSchema     map[string]string        // the schema (as written, "" for none) an earlier statement created each type in, by bare name; "?" when two
	parents        map[string]bool          // tables an earlier statement gave a child (INHERITS, PARTITION OF, INHERIT, ATTACH PARTITION)
	sawOpaque      bool                     // an earlier statement did what Greenlight cannot read (EXECUTE, CALL, another language)
	inDo           bool                     // the statement is one of a DO block's, which may not run
	defaultParts   map[string]bool          // partitioned tables an earlier statement gave a DEFAULT partition
	viewDefaults   map[string]bool          // views an earlier statement gave a column default
	seqTypes       map[string]string        // sequences an earlier statement made, by bare name → their type (int2, int4, int8; "bounded" with a MINVALUE or MAXVALUE)
	domainBase     map[string]*pgq.TypeName // domains an earlier statement made, by bare name → the type they are over
	// The database the folder is applied to (ReadDirWith), asked about what the folder does
	// not create (catalog.go), and the text of the pending statements classified so far.
	cat         Catalog
	ctx         context.Context
	pendingText strings.Builder
	// Per migration file:
	transactional bool                                    // the file runs in one transaction
	held          map[string]heldLock                     // table → the strongest lock an earlier statement of the file took on it
	dropped       map[string]droppedConstraint            // "table.constraint" dropped earlier in the file
	seq           int                                     // numbers the pending keys
	droppedViews  map[string]droppedView                  // views dropped earlier in the file
	settle        map[string]func() (why string, ok bool) // pending key → whether the file undid it
	rls           map[string]*rlsState                    // table → the row security the file gives it (classify_net.go)
	filled        map[string]bool                         // relations the file writes rows into (INSERT, COPY, MERGE, CREATE TABLE AS)
	fileFuncs     map[string]bool                         // functions the file created that did not exist before it
	fileDefs      map[string]fileFunc                     // the definitions of those functions, by bare name
	wrote         map[string]bool                         // tables the file wrote rows into (INSERT, UPDATE, MERGE, COPY, a data-modifying WITH)
	defaultSet    map[string]bool                         // "table.column" added in the file whose default the file then set or dropped
	filledDefault map[string]bool                         // "table.column" whose default, set in the file, is never NULL (nonNullExpr)
	droppedIdx    map[string]droppedIndex                 // unique indexes dropped earlier in the file, by name
	newExact      map[string]bool                         // "table.column" added in the file, of a type exactType names and without COLLATE
	// relSchema0 is the schema each table (by its bare name, as knowledge keys it) is first
	// written with in the file; ambiguous are the bare names written with two schemas (one
	// may be none), whose rules on the file's net effect are off.
	relSchema0 map[string]string
	ambiguous  map[string]bool
	pathSet    bool            // the file sets search_path (SET, set_config): an unqualified name may be any schema's
	children   map[string]bool // tables asked or known to have children (INHERITS, partitions), true if they do
	pending    bool            // the file is not applied to the database (or there is no Catalog)

	// For the rules the database answers (catalog.go), over every pending migration so far:
	cur    stmt // the statement being classified, as the file writes it
	stmtNo int  // numbers the statements classified, for what one statement learns twice
	// userDefined caches the database's answer to Catalog.UserDefined, by name.
	userDefined map[string]bool
	// sessionTouched: an earlier pending statement changed the session (SET, RESET,
	// set_config, DISCARD, a temporary object, a DO block), which a later file may share
	// (goose runs pending migrations one after another on a pooled connection), so the
	// database's own session no longer stands for the migration's.
	sessionTouched bool
	// implicitRels: an earlier pending statement may have made a relation under a name it does
	// not write (a table's primary-key or unique index, a serial's sequence, an index without
	// a name, a partition's indexes, an extension's tables, a DO block).
	implicitRels bool
}

func newKnowledge() *knowledge {
	return &knowledge{cols: map[string]*pgq.TypeName{}, cons: map[string]pgq.ConstrType{}, indexes: map[string]bool{}, checked: map[string]bool{}, notNull: map[string]bool{},
		defs: map[string]*pgq.Constraint{}, uniq: map[string]uniqueKey{}, exprIdx: map[string]uniqueKey{}, views: map[string]*pgq.ViewStmt{}, hooked: map[string]bool{}, relSchema: map[string]string{},
		privs: map[string]map[string]map[string]bool{}, defPrivs: map[string]map[string]map[string]bool{}, rowSec: map[string]bool{}, funcs: map[string]bool{}, channels: map[string]string{}, sent: map[string]bool{}, triggerFuncs: map[string]bool{}, triggers: map[string]bool{}, checkedDomains: map[string]bool{}, defaults: map[string]bool{}, replIdent: map[string]bool{}, relSchemas: map[string]map[string]bool{}, noDefaultTypes: map[string]bool{}, typeSchema: map[string]string{}, parents: map[string]bool{}, defaultParts: map[string]bool{}, viewDefaults: map[string]bool{}, seqTypes: map[string]string{}, domainBase: map[string]*pgq.TypeName{}}
}

func (k *knowledge) startFile() {
	k.newRels, k.newCols, k.notValid, k.lockTimeout = map[string]bool{}, map[string]bool{}, map[string]bool{}, false
	k.newConst = map[string]*pgq.Node{}
	k.held = map[string]heldLock{}
	k.dropped, k.droppedViews, k.settle = map[string]droppedConstraint{}, map[string]droppedView{}, map[string]func() (string, bool){}
	k.rls, k.filled, k.fileFuncs, k.wrote = map[string]*rlsState{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	k.defaultSet, k.relSchema0, k.ambiguous, k.newExact = map[string]bool{}, map[string]string{}, map[string]bool{}, map[string]bool{}
	k.pathSet, k.children = false, map[string]bool{}
	k.fileDefs = map[string]fileFunc{}
	k.filledDefault = map[string]bool{}
	k.droppedIdx = map[string]droppedIndex{}
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 160 {
		s = strings.ToValidUTF8(s[:157], "") + "..."
	}
	return s
}

// rvName is a relation's name as written (schema.table), rvKey the key knowledge uses.
func rvName(rv *pgq.RangeVar) string {
	if rv == nil {
		return "?"
	}
	if rv.Schemaname != "" {
		return rv.Schemaname + "." + rv.Relname
	}
	return rv.Relname
}

func rvKey(rv *pgq.RangeVar) string {
	if rv == nil {
		return ""
	}
	return rv.Relname
}

// strs returns the String values of a list of nodes, such as a qualified name.
func strs(ns []*pgq.Node) []string {
	var out []string
	for _, n := range ns {
		if s := n.GetString_(); s != nil {
			out = append(out, s.Sval)
		}
	}
	return out
}

func lastName(ns []*pgq.Node) string {
	s := strs(ns)
	if len(s) == 0 {
		return "?"
	}
	return s[len(s)-1]
}

// objectName is the name of an object in a DROP, COMMENT or the like: a List of Strings, a
// String, a TypeName or an ObjectWithArgs.
func objectName(n *pgq.Node) string {
	switch {
	case n == nil:
		return "?"
	case n.GetList() != nil:
		return strings.Join(strs(n.GetList().Items), ".")
	case n.GetString_() != nil:
		return n.GetString_().Sval
	case n.GetTypeName() != nil:
		return strings.Join(strs(n.GetTypeName().Names), ".")
	case n.GetObjectWithArgs() != nil:
		return strings.Join(strs(n.GetObjectWithArgs().Objname), ".")
	}
	return "?"
}

// walk calls fn on every message in the tree under m.
func walk(m proto.Message, fn func(protoreflect.Message)) {
	var visit func(protoreflect.Message)
	visit = func(r protoreflectMessage) {
		fn(r)
		r.Range(func(fd protoreflect.FieldDescriptor, v protoreflect.Value) bool {
			switch {
			case fd.IsList() && fd.Message() != nil:
				l := v.List()
				for i := 0; i < l.Len(); i++ {
					visit(l.Get(i).Message())
				}
			case fd.Message() != nil && !fd.IsMap():
				visit(v.Message())
			}
			return true
		})
	}
	if m != nil {
		visit(m.ProtoReflect())
	}
}

// funcCalls lists the names (without schema) of the functions called anywhere under m.
func funcCalls(m proto.Message) []string {
	var out []string
	walk(m, func(r protoreflectMessage) {
		if fc, ok := r.Interface().(*pgq.FuncCall); ok {
			out = append(out, strings.ToLower(lastName(fc.Funcname)))
		}
	})
	return out
}

// sideEffects are functions whose call changes what the running version sees or does, with why.
var sideEffects = map[string]string{
	"setval":                     "setval moves a sequence: the running version's next ids may collide with existing rows, or skip",
	"pg_terminate_backend":       "it ends sessions the running version may be using",
	"pg_cancel_backend":          "it cancels queries the running version is running",
	"pg_reload_conf":             "it applies changed server settings to the running version too",
	"lo_unlink":                  "it deletes a large object the running version may read",
	"pg_advisory_lock":           "a session-level advisory lock outlives the migration and may block the running version",
	"pg_advisory_lock_shared":    "a session-level advisory lock outlives the migration and may block the running version",
	"dblink_exec":                "it runs a statement Greenlight cannot read",
	"pg_drop_replication_slot":   "it drops a replication slot consumers may use",
	"pg_truncate_visibility_map": "it changes a table's storage",
}

// harmless are functions a migration's SELECT may call without changing what the running
// version sees: reads, clocks, sequence reads and advances (nextval only consumes values), a
// sleep, transaction-scoped locks, notifications, settings local to the migration's session.
var harmless = map[string]bool{
	"pg_sleep": true, "pg_sleep_for": true, "now": true, "nextval": true, "currval": true, "lastval": true,
	"count": true, "sum": true, "min": true, "max": true, "avg": true, "lower": true, "upper": true, "length": true,
	"concat": true, "format": true, "to_char": true, "date_trunc": true, "version": true, "current_setting": true,
	"set_config": true, "pg_advisory_xact_lock": true, "pg_try_advisory_xact_lock": true, "pg_notify": true,
	"pg_get_serial_sequence": true, "pg_relation_size": true, "pg_total_relation_size": true, "to_regclass": true,
	"statement_timestamp": true, "clock_timestamp": true, "transaction_timestamp": true, "random": true,
	"gen_random_uuid": true, "md5": true, "abs": true, "round": true, "array_agg": true, "string_agg": true,
	"json_agg": true, "jsonb_agg": true, "jsonb_build_object": true, "json_build_object": true, "txid_current": true,
	"pg_backend_pid": true, "current_database": true, "has_table_privilege": true, "exists": true,
	// Built-in functions the manual documents as computing a value and nothing else (string,
	// array and catalog functions), as migrations' DO blocks call them to decide what to do.
	"array_to_string": true, "array_length": true, "cardinality": true, "text": true, "substring": true, "replace": true,
	"trim": true, "btrim": true, "split_part": true, "left": true, "right": true, "strpos": true, "position": true,
	"regexp_replace": true, "quote_ident": true, "quote_literal": true, "format_type": true, "current_schema": true,
	"current_user": true, "session_user": true, "jsonb_typeof": true, "to_jsonb": true, "pg_get_indexdef": true,
	"pg_get_constraintdef": true, "obj_description": true, "col_description": true,
}

// volatileDefaults are functions whose value differs row by row: as a column default they make
// PostgreSQL rewrite the table to fill it (the manual, ALTER TABLE, "Notes").
var volatileDefaults = map[string]bool{
	"random": true, "gen_random_uuid": true, "uuid_generate_v1": true, "uuid_generate_v1mc": true, "uuid_generate_v4": true,
	"uuidv7": true, "uuidv4": true, "clock_timestamp": true, "timeofday": true, "nextval": true, "setseed": true, "txid_current": true,
}

// stableDefaults are functions whose value is the same for every row of one statement: as a
// default, PostgreSQL stores it once (no rewrite).
var stableDefaults = map[string]bool{
	"now": true, "statement_timestamp": true, "transaction_timestamp": true, "current_setting": true,
	"lower": true, "upper": true, "to_jsonb": true, "jsonb_build_object": true, "json_build_object": true, "array": true,
	"make_interval": true, "to_timestamp": true, "concat": true, "timezone": true,
}

// defaultVolatility tells whether a default expression is null (no default at all), and
// whether filling existing rows with it rewrites the table ("yes", "no", or "maybe" for a
// function Greenlight does not know).
func defaultVolatility(e *pgq.Node) (isNull bool, rewrite string) {
	if e == nil {
		return true, "no"
	}
	if c := e.GetAConst(); c != nil && c.Isnull {
		return true, "no"
	}
	if tc := e.GetTypeCast(); tc != nil {
		if c := tc.Arg.GetAConst(); c != nil && c.Isnull {
			return true, "no"
		}
	}
	rewrite = "no"
	for _, f := range funcCalls(e) {
		switch {
		case volatileDefaults[f]:
			return false, "yes"
		case !stableDefaults[f]:
			rewrite = "maybe"
		}
	}
	return false, rewrite
}

// cls is a classification under construction.
type cls struct {
	Change
}

func (c *cls) expand(what string) *cls {
	c.Class, c.What = ClassExpand, what
	return c
}

func (c *cls) contract(what, why string) *cls {
	c.Class, c.What, c.Why = ClassContract, what, why
	return c
}

func (c *cls) lock(l string) *cls {
	if lockRank[l] > lockRank[c.Lock] {
		c.Lock = l
	}
	return c
}

func (c *cls) warn(w string) *cls {
	if c.Warning == "" {
		c.Warning = w
	} else if !strings.Contains(c.Warning, w) {
		c.Warning += "; " + w
	}
	return c
}

const unknownWhy = "Greenlight does not know this change to keep the running version working; if it does, say so with a line -- greenlight:expand <why> in the migration"

// classify says what one parsed statement does to the version that still serves. Every kind
// of statement has an explicit answer; anything else is contract: the classification fails
// safe. k holds what earlier statements and migrations said, and learns from this one.
func (k *knowledge) classify(s stmt) []Change {
	base := Change{Line: s.line, SQL: oneLine(s.sql)}
	inElement := map[*pgq.RangeVar]bool{} // relations CREATE SCHEMA's elements name: in its schema
	walk(s.node, func(r protoreflectMessage) {
		switch x := r.Interface().(type) {
		case *pgq.VariableSetStmt:
			if x.Name == "search_path" || x.Kind == pgq.VariableSetKind_VAR_RESET_ALL {
				k.pathSet = true
			}
		case *pgq.FuncCall:
			if lastName(x.Funcname) == "set_config" {
				k.pathSet = true // whatever it sets: its first argument need not be a constant
			}
			if lastName(x.Funcname) == "pg_notify" && len(x.Args) > 0 && x.Args[0].GetAConst().GetSval() != nil {
				k.sendsOn(x.Args[0].GetAConst().GetSval().Sval, "")
			}
		case *pgq.NotifyStmt:
			k.sendsOn(x.Conditionname, "")
		case *pgq.RenameStmt:
			if x.RenameType == pgq.ObjectType_OBJECT_TRIGGER {
				k.triggers[rvKey(x.Relation)+"."+x.Newname] = true
			}
		}
		if cs, ok := r.Interface().(*pgq.CreateSchemaStmt); ok {
			// Its elements' relations are in its schema, though their names do not say so.
			for _, e := range cs.SchemaElts {
				walk(e, func(r protoreflectMessage) {
					if rv, ok := r.Interface().(*pgq.RangeVar); ok && rv.Relname != "" && rv.Schemaname == "" {
						k.inSchema(rv.Relname, cs.Schemaname)
						inElement[rv] = true
					}
				})
			}
		}
		if rv, ok := r.Interface().(*pgq.RangeVar); ok && rv.Relname != "" && !inElement[rv] {
			k.inSchema(rv.Relname, schemaOf(rv))
			if first, seen := k.relSchema0[rv.Relname]; !seen {
				k.relSchema0[rv.Relname] = rv.Schemaname
			} else if first != rv.Schemaname {
				k.ambiguous[rv.Relname] = true
			}
		}
	})
	k.cur = s
	k.stmtNo++
	out := k.classifyNode(s.node, base)
	k.cur = stmt{}
	if k.pending {
		k.learnSession(s.node)
	}
	k.underHeldLock(s.node, out)
	k.holdStatementLock(s.node, out)
	walk(s.node, func(r protoreflectMessage) { // a data-modifying WITH writes too
		switch w := r.Interface().(type) {
		case *pgq.InsertStmt:
			k.markWrote(rvKey(w.Relation), 0)
		case *pgq.UpdateStmt:
			k.markWrote(rvKey(w.Relation), 0)
		case *pgq.MergeStmt:
			k.markWrote(rvKey(w.Relation), 0)
		case *pgq.CopyStmt:
			k.markWrote(rvKey(w.Relation), 0)
		}
	})
	if k.pending {
		k.pendingText.WriteString(strings.ToLower(s.sql))
		k.pendingText.WriteByte('\n')
	}
	for i := range out {
		if out[i].Class == "" {
			out[i].Class = ClassContract
		}
		if out[i].Class == ClassContract && out[i].Why == "" {
			out[i].Why = unknownWhy
		}
	}
	return out
}

func one(c *cls) []Change { return []Change{c.Change} }

// keepWhy is why replacing a function the running version may call is contract.
func keepWhy(kind string) string {
	return "the running version may depend on what it does now; add a new " + kind + " under a new name, and drop the old one once no version uses it"
}

// replacedFunction classifies CREATE OR REPLACE of a function that exists: expand when the
// database says the statement leaves it as it is (functionUnchanged), contract with why
// otherwise, saying so when the database could not compare.
func (k *knowledge) replacedFunction(c *cls, f *pgq.CreateFunctionStmt, kind, name, bare, why string) []Change {
	if same, err := k.functionUnchanged(f, bare); same {
		return one(c.expand(recreated(kind, name)))
	} else if err != nil {
		why += " (Greenlight could not compare it with the database's definition: " + err.Error() + ")"
	}
	return one(c.contract("replaces "+kind+" "+name, why))
}

// boundedTimeout reports whether SET lock_timeout v bounds the wait: a value above zero
// (the manual, lock_timeout: "A value of zero (the default) turns this off"); RESET and SET …
// TO DEFAULT give the default, taken as zero.
func boundedTimeout(v *pgq.VariableSetStmt) bool {
	if v.Kind != pgq.VariableSetKind_VAR_SET_VALUE || len(v.Args) != 1 {
		return false
	}
	c := v.Args[0].GetAConst()
	switch {
	case c == nil:
		return false
	case c.GetIval() != nil:
		return c.GetIval().Ival > 0
	case c.GetSval() != nil:
		digits := strings.TrimLeft(strings.TrimSpace(c.GetSval().Sval), "+")
		end := strings.IndexFunc(digits, func(r rune) bool { return (r < '0' || r > '9') && r != '.' })
		if end >= 0 {
			digits = digits[:end]
		}
		n, err := strconv.ParseFloat(digits, 64)
		return err == nil && n > 0
	case c.GetFval() != nil:
		n, err := strconv.ParseFloat(c.GetFval().Fval, 64)
		return err == nil && n > 0
	}
	return false
}

// sessionNeutral are settings that change no definition a statement makes: how long it may
// wait, and what the client is told. Others may: search_path resolves a signature's type
// names, DateStyle and TimeZone parse an argument's default.
var sessionNeutral = map[string]bool{"lock_timeout": true, "statement_timeout": true, "idle_in_transaction_session_timeout": true,
	"application_name": true, "client_min_messages": true}

// learnSession records what statement n, of a pending migration, may have done to the
// session or made under names it does not write (sessionTouched, implicitRels).
func (k *knowledge) learnSession(n *pgq.Node) {
	walk(n, func(r protoreflectMessage) {
		switch x := r.Interface().(type) {
		case *pgq.VariableSetStmt:
			if !sessionNeutral[x.Name] {
				k.sessionTouched = true
			}
		case *pgq.DiscardStmt:
			k.sessionTouched = true
		case *pgq.DoStmt:
			k.sessionTouched, k.implicitRels = true, true
		case *pgq.FuncCall:
			if lastName(x.Funcname) == "set_config" {
				k.sessionTouched = true
			}
		case *pgq.RangeVar:
			if x.Relpersistence == "t" {
				k.sessionTouched = true
			}
		case *pgq.CreateStmt, *pgq.CreateExtensionStmt:
			k.implicitRels = true
		case *pgq.IndexStmt:
			if x.Idxname == "" {
				k.implicitRels = true
			}
		case *pgq.AlterTableCmd:
			switch x.Subtype {
			case pgq.AlterTableType_AT_AddColumn, pgq.AlterTableType_AT_AddConstraint, pgq.AlterTableType_AT_AddIdentity,
				pgq.AlterTableType_AT_AddIndex, pgq.AlterTableType_AT_AttachPartition, pgq.AlterTableType_AT_AddIndexConstraint:
				k.implicitRels = true
			}
		}
	})
}

// markWrote records that the file writes rows of rel, and of every relation a view of that
// name reads: an updatable view writes its base table (the manual, CREATE VIEW, "Updatable
// Views").
func (k *knowledge) markWrote(rel string, depth int) {
	if k.wrote[rel] || depth > 16 {
		return
	}
	k.wrote[rel] = true
	if v := k.views[rel]; v != nil {
		walk(v.Query, func(r protoreflectMessage) {
			if rv, ok := r.Interface().(*pgq.RangeVar); ok {
				k.markWrote(rvKey(rv), depth+1)
			}
		})
	}
}

func (k *knowledge) classifyNode(n *pgq.Node, base Change) []Change {
	c := &cls{Change: base}
	switch {
	case n.GetCreateStmt() != nil:
		return one(k.createTable(c, n.GetCreateStmt()))
	case n.GetCreateTableAsStmt() != nil:
		ct := n.GetCreateTableAsStmt()
		if ct.Into != nil && ct.Into.Rel != nil {
			shadows := k.shadowed(ct.Into.Rel)
			k.newRels[rvKey(ct.Into.Rel)] = true
			k.filled[rvKey(ct.Into.Rel)] = !ct.Into.SkipData
			k.created(ct.Into.Rel)
			kind := "table"
			if ct.Objtype == pgq.ObjectType_OBJECT_MATVIEW {
				kind = "materialized view"
			}
			if shadows != "" {
				return one(c.contract("adds "+kind+" "+rvName(ct.Into.Rel)+" beside a relation of the same name", shadows))
			}
			return one(c.expand("adds " + kind + " " + rvName(ct.Into.Rel)))
		}
		return one(c.contract("CREATE TABLE AS", unknownWhy))
	case n.GetAlterTableStmt() != nil:
		if a := n.GetAlterTableStmt(); a.MissingOk && k.surelyAbsent(a.Relation) {
			return one(c.expand(nothingToAlter(a.Relation)))
		}
		return k.alterTable(base, n.GetAlterTableStmt())
	case n.GetIndexStmt() != nil:
		return one(k.createIndex(c, n.GetIndexStmt()))
	case n.GetDropStmt() != nil:
		return one(k.drop(c, n.GetDropStmt()))
	case n.GetRenameStmt() != nil:
		if r := n.GetRenameStmt(); r.MissingOk && k.surelyAbsent(r.Relation) {
			return one(c.expand(nothingToAlter(r.Relation)))
		}
		if r := n.GetRenameStmt(); r.RenameType == pgq.ObjectType_OBJECT_TYPE || r.RenameType == pgq.ObjectType_OBJECT_DOMAIN {
			// What either name stands for is no longer known.
			k.noDefaultTypes[lastName(r.Object.GetList().GetItems())] = false
			k.noDefaultTypes[r.Newname] = false
		}
		return one(k.rename(c, n.GetRenameStmt()))
	case n.GetAlterObjectSchemaStmt() != nil:
		return one(c.contract("moves "+strings.ToLower(strings.TrimPrefix(n.GetAlterObjectSchemaStmt().ObjectType.String(), "OBJECT_"))+" to schema "+n.GetAlterObjectSchemaStmt().Newschema,
			"the running version finds it by its current schema"))
	case n.GetAlterOwnerStmt() != nil:
		return one(c.contract("changes the owner of "+objectName(n.GetAlterOwnerStmt().Object), "the running version's role may lose the owner's privileges"))
	case n.GetCreateTrigStmt() != nil:
		t := n.GetCreateTrigStmt()
		k.hooked[rvKey(t.Relation)] = true
		c.lock(LockShareRowExclusive)
		if k.isNew(rvKey(t.Relation)) && (!t.Replace || !k.triggers[rvKey(t.Relation)+"."+t.Trigname] && !k.sawOpaque) {
			// A table this migration created has no trigger but those the migration gave it:
			// CREATE OR REPLACE TRIGGER of another name replaces nothing.
			c.Lock = ""
			k.triggers[rvKey(t.Relation)+"."+t.Trigname] = true
			return one(c.expand("adds trigger " + t.Trigname + " on new table " + rvName(t.Relation)))
		}
		quiet, why := k.quietTrigger(t)
		k.triggers[rvKey(t.Relation)+"."+t.Trigname] = true
		if quiet {
			c.expand("adds trigger " + t.Trigname + " on " + rvName(t.Relation))
			c.Why = why
			return one(c)
		}
		return one(c.contract("adds trigger "+t.Trigname+" on "+rvName(t.Relation),
			"a trigger on an existing table changes what the running version's writes do (or rejects them): "+why+"; add it with the release that expects it, or declare it with -- greenlight:expand <why> if the running version cannot notice it"))
	case n.GetRuleStmt() != nil:
		r := n.GetRuleStmt()
		k.hooked[rvKey(r.Relation)] = true
		c.lock(LockAccessExclusive)
		if k.isNew(rvKey(r.Relation)) && !r.Replace {
			c.Lock = ""
			return one(c.expand("adds rule " + r.Rulename + " on new relation " + rvName(r.Relation)))
		}
		how := "DO ALSO adds statements to"
		if r.Instead {
			how = "DO INSTEAD replaces"
		}
		return one(c.contract("adds rule "+r.Rulename+" on "+rvName(r.Relation), "a rule that "+how+" the running version's "+strings.ToUpper(strings.TrimPrefix(r.Event.String(), "CMD_"))+" statements on "+rvName(r.Relation)+": they silently do something else"))
	case n.GetCreatePolicyStmt() != nil:
		p := n.GetCreatePolicyStmt()
		c.lock(LockAccessExclusive)
		if k.isNew(rvKey(p.Table)) {
			k.rowSec[rvKey(p.Table)] = true
			c.Lock = ""
			return one(c.expand("adds policy " + p.PolicyName + " on new table " + rvName(p.Table)))
		}
		c.contract("adds policy "+p.PolicyName+" on "+rvName(p.Table), "a row security policy changes which rows the running version's queries see and may write")
		k.policy(c, p)
		return one(c)
	case n.GetAlterPolicyStmt() != nil:
		return one(c.contract("alters policy "+n.GetAlterPolicyStmt().PolicyName, "it changes which rows the running version's queries see and may write").lock(LockAccessExclusive))
	case n.GetCreateSeqStmt() != nil:
		cs := n.GetCreateSeqStmt()
		if (cs.IfNotExists || k.inDo) && !k.relationAbsent(cs.Sequence) {
			// It may exist, with options of its own: nothing is known of it.
			delete(k.seqTypes, rvKey(cs.Sequence))
			return one(c.expand("adds sequence " + rvName(cs.Sequence) + " if it does not exist"))
		}
		shadows := k.shadowed(cs.Sequence)
		k.newRels[rvKey(cs.Sequence)] = true
		if shadows != "" {
			delete(k.seqTypes, rvKey(cs.Sequence))
			return one(c.contract("adds sequence "+rvName(cs.Sequence)+" beside a relation of the same name", shadows))
		}
		k.seqTypes[rvKey(cs.Sequence)] = "int8" // CREATE SEQUENCE's default (sql-createsequence)
		for _, o := range cs.Options {
			if d := o.GetDefElem(); d != nil && d.Defname == "as" && k.seqTypes[rvKey(cs.Sequence)] != "bounded" {
				k.seqTypes[rvKey(cs.Sequence)], _, _ = typeOf(d.Arg.GetTypeName())
			}
			if d := o.GetDefElem(); d != nil && (d.Defname == "maxvalue" || d.Defname == "minvalue") && d.Arg != nil {
				k.seqTypes[rvKey(cs.Sequence)] = "bounded" // a bound of its own, which a larger step reaches sooner
			}
		}
		return one(c.expand("adds sequence " + rvName(cs.Sequence)))
	case n.GetAlterSeqStmt() != nil:
		a := n.GetAlterSeqStmt()
		sequenceOptions(c, "sequence "+rvName(a.Sequence), a.Options, k.seqTypes[rvKey(a.Sequence)] == "int8")
		k.learnSequenceOptions(rvKey(a.Sequence), a.Options)
		return one(c)
	case n.GetCreateFunctionStmt() != nil:
		f := n.GetCreateFunctionStmt()
		kind := "function"
		if f.IsProcedure {
			kind = "procedure"
		}
		name := strings.Join(strs(f.Funcname), ".")
		bare := lastName(f.Funcname)
		known := k.funcs[bare]
		k.funcs[bare] = true
		def := functionDef(f)
		k.learnChannels(def.body, bare)
		// A function this file creates (CREATE without OR REPLACE fails on an existing one
		// with the same arguments, and a trigger function has none) is read by the trigger
		// rule as written.
		defer func() {
			if !f.Replace || k.fileFuncs[bare] {
				k.fileDefs[bare] = def
			}
		}()
		switch {
		case f.Replace && k.triggerFuncs[bare]:
			return one(c.contract("replaces "+kind+" "+name, "a trigger on a table the running version writes runs it, and was found unnoticeable by what it did before"))
		case !f.Replace:
		case k.fileFuncs[bare]:
			return one(c.expand("replaces " + kind + " " + name + ", created earlier in this migration"))
		case known:
			// Made by a migration before this one: the database, when it may be asked, has it
			// as it stands now.
			return k.replacedFunction(c, f, kind, name, bare, keepWhy(kind))
		default:
			isNew, err := k.newFunction(bare)
			if !isNew {
				if err != nil {
					return one(c.contract("replaces "+kind+" "+name, keepWhy(kind)+" (Greenlight could not ask the database whether it has a "+kind+" of that name: "+err.Error()+")"))
				}
				return k.replacedFunction(c, f, kind, name, bare, keepWhy(kind))
			}
			k.fileFuncs[bare] = true
			return one(c.expand("adds " + kind + " " + name + " (CREATE OR REPLACE, but the database has no function or procedure of that name and no migration before it creates one)"))
		}
		isNew, err := k.newFunction(bare)
		if isNew && !known {
			k.fileFuncs[bare] = true // a later CREATE OR REPLACE in this file replaces only this one
		}
		if (known && !k.fileFuncs[bare]) || (!known && k.cat != nil && !isNew) {
			why := "a " + kind + " of that name exists: calls the running version makes may become ambiguous (42725) or reach the new one, which an exact match of the arguments prefers; give it a new name"
			if err != nil {
				why = "Greenlight could not ask the database whether it has a " + kind + " of that name: " + err.Error()
			}
			return one(c.contract("adds "+kind+" "+name+" beside one of the same name", why))
		}
		return one(c.expand("adds " + kind + " " + name))
	case n.GetAlterFunctionStmt() != nil:
		return one(c.contract("alters function "+objectName(&pgq.Node{Node: &pgq.Node_ObjectWithArgs{ObjectWithArgs: n.GetAlterFunctionStmt().Func}}), "it changes how a function the running version may call behaves (volatility, security, settings)"))
	case n.GetViewStmt() != nil:
		return one(k.view(c, n.GetViewStmt()))
	case n.GetCreateSchemaStmt() != nil:
		cs := n.GetCreateSchemaStmt()
		out := one(c.expand("adds schema " + cs.Schemaname))
		// Its elements are statements of their own, in its schema (sql-createschema).
		for _, e := range cs.SchemaElts {
			el := proto.Clone(e).(*pgq.Node)
			walk(el, func(r protoreflectMessage) {
				if rv, ok := r.Interface().(*pgq.RangeVar); ok && rv.Schemaname == "" {
					rv.Schemaname = cs.Schemaname
				}
			})
			out = append(out, k.classifyNode(el, base)...)
		}
		return out
	case n.GetCreateExtensionStmt() != nil:
		if e := n.GetCreateExtensionStmt().Extname; !safeExtensions[e] {
			return one(c.contract("adds extension "+e, "its functions and operators may take over calls the running version makes on built-in types (an exact match wins: intarray's operators on integer[] do, with other answers and errors); add extensions Greenlight does not know with the release that expects them, or declare it with -- greenlight:expand <why>"))
		}
		return one(c.expand("adds extension " + n.GetCreateExtensionStmt().Extname))
	case n.GetAlterExtensionStmt() != nil:
		return one(c.contract("updates extension "+n.GetAlterExtensionStmt().Extname, "its functions and types may change under the running version"))
	case n.GetCreateEnumStmt() != nil, n.GetCreateRangeStmt() != nil, n.GetCompositeTypeStmt() != nil:
		// Types without a default of their own: a column of one added without DEFAULT is NULL.
		switch {
		case n.GetCreateEnumStmt() != nil:
			k.createdType(n.GetCreateEnumStmt().TypeName, true)
		case n.GetCreateRangeStmt() != nil:
			k.createdType(n.GetCreateRangeStmt().TypeName, true)
		case n.GetCompositeTypeStmt().GetTypevar() != nil:
			tv := n.GetCompositeTypeStmt().Typevar
			k.createdTypeName(tv.Schemaname, tv.Relname, true)
		}
		return one(c.expand("adds a type"))
	case n.GetCreateDomainStmt() != nil:
		d := n.GetCreateDomainStmt()
		c.expand("adds domain " + strings.Join(strs(d.Domainname), "."))
		// Keyed by the name as written; a name made twice (in two schemas), in a DO block that
		// may not run it, or under a search_path the file sets stands for a type not known.
		if key := strings.Join(strs(d.Domainname), "."); k.inDo || k.pathSet {
			k.domainBase[key] = nil
		} else if _, again := k.domainBase[key]; again {
			k.domainBase[key] = nil
		} else {
			k.domainBase[key] = d.TypeName
		}
		if len(strs(d.Domainname)) > 1 { // the bare name may now stand for it too
			if _, made := k.domainBase[lastName(d.Domainname)]; made {
				k.domainBase[lastName(d.Domainname)] = nil
			}
		}
		// A domain over a domain inherits its default (sql-createdomain).
		k.createdType(d.Domainname, !k.typeMayDefault(d.TypeName))
		if base, _, _ := typeOf(d.TypeName); k.checkedDomains[base] {
			k.checkedDomains[lastName(d.Domainname)] = true // a domain over a domain has its constraints too
		}
		for _, cn := range d.Constraints {
			if con := cn.GetConstraint(); con != nil && (con.Contype == pgq.ConstrType_CONSTR_CHECK || con.Contype == pgq.ConstrType_CONSTR_NOTNULL) {
				k.checkedDomains[lastName(d.Domainname)] = true
			}
			if con := cn.GetConstraint(); con != nil && con.Contype == pgq.ConstrType_CONSTR_CHECK {
				c.warn("a domain with a CHECK constraint cannot be changed without scanning every column of that type under lock (squawk: ban-create-domain-with-constraint); prefer a CHECK constraint on the table")
			}
			if con := cn.GetConstraint(); con != nil && con.Contype == pgq.ConstrType_CONSTR_DEFAULT {
				k.createdType(d.Domainname, false) // its columns get its default
			}
		}
		return one(c)
	case n.GetAlterDomainStmt() != nil:
		if d := n.GetAlterDomainStmt(); d.Subtype == "T" {
			k.noDefaultTypes[lastName(d.TypeName)] = false // SET or DROP DEFAULT: no longer known
			// The columns of the domain added earlier in the file now get its new default from
			// the running version's INSERTs: their values are no longer known.
			for key := range k.newCols {
				if base, _, _ := typeOf(k.cols[key]); base == lastName(d.TypeName) {
					k.newCols[key], k.defaultSet[key] = false, true
					delete(k.newConst, key)
				}
			}
		}
		if d := n.GetAlterDomainStmt(); d.Subtype == "C" || d.Subtype == "O" {
			k.checkedDomains[lastName(d.TypeName)] = true // a constraint or NOT NULL added
		}
		return one(alterDomain(c, n.GetAlterDomainStmt()))
	case n.GetDefineStmt() != nil:
		if n.GetDefineStmt().Kind == pgq.ObjectType_OBJECT_OPERATOR {
			k.userOps = true
		}
		if n.GetDefineStmt().Kind == pgq.ObjectType_OBJECT_COLLATION {
			k.userCollations = true
		}
		if n.GetDefineStmt().Replace {
			return one(c.contract("replaces "+strings.ToLower(strings.TrimPrefix(n.GetDefineStmt().Kind.String(), "OBJECT_")), "the running version may depend on what it does now"))
		}
		return one(c.expand("adds " + strings.ToLower(strings.TrimPrefix(n.GetDefineStmt().Kind.String(), "OBJECT_")) + " " + strings.Join(strs(n.GetDefineStmt().Defnames), ".")))
	case n.GetAlterEnumStmt() != nil:
		e := n.GetAlterEnumStmt()
		name := strings.Join(strs(e.TypeName), ".")
		if e.OldVal != "" {
			return one(c.contract("renames a value of enum "+name, "the running version still writes and compares the old value"))
		}
		return one(c.expand("adds a value to enum " + name))
	case n.GetAlterTypeStmt() != nil:
		return one(c.contract("alters type "+strings.Join(strs(n.GetAlterTypeStmt().TypeName), "."), "the running version's values may no longer fit"))
	case n.GetCommentStmt() != nil:
		return one(c.expand("sets a comment"))
	case n.GetGrantStmt() != nil:
		k.grant(n.GetGrantStmt())
		if n.GetGrantStmt().IsGrant {
			return one(c.expand("grants privileges"))
		}
		return one(c.contract("revokes privileges", "the running version may rely on them"))
	case n.GetGrantRoleStmt() != nil:
		if n.GetGrantRoleStmt().IsGrant {
			return one(c.expand("grants a role"))
		}
		return one(c.contract("revokes a role", "the running version may rely on its privileges"))
	case n.GetAlterDefaultPrivilegesStmt() != nil:
		k.defaultPrivileges(n.GetAlterDefaultPrivilegesStmt())
		if a := n.GetAlterDefaultPrivilegesStmt().Action; a != nil && a.IsGrant {
			return one(c.expand("grants default privileges"))
		}
		return one(c.contract("revokes default privileges", "objects the new version creates would deny the running version's role"))
	case n.GetCreateRoleStmt() != nil:
		return one(c.expand("adds role " + n.GetCreateRoleStmt().Role))
	case n.GetAlterRoleStmt() != nil, n.GetAlterRoleSetStmt() != nil, n.GetDropRoleStmt() != nil:
		return one(c.contract("changes a role", "the running version may connect as it"))
	case n.GetInsertStmt() != nil:
		k.filled[rvKey(n.GetInsertStmt().Relation)] = true
		return one(dml(c, "inserts rows into "+rvName(n.GetInsertStmt().Relation), n.GetInsertStmt()))
	case n.GetUpdateStmt() != nil:
		u := n.GetUpdateStmt()
		if col := k.reinterpreted(u); col != "" {
			return one(c.contract("rewrites the values of "+rvName(u.Relation)+"."+col+" from themselves read as another type",
				"the running version reads "+col+" in the form it wrote it, and this changes that form (as a type change with USING would); add a column for the new form, written by the new version and backfilled, and drop the old one once no version reads it"))
		}
		dml(c, "updates rows of "+rvName(u.Relation)+" (a backfill)", u)
		if u.WhereClause == nil && c.Class == ClassExpand {
			c.warn("an UPDATE of a whole table locks every row until the migration commits, blocking the running version's writes to them; backfill large tables in batches")
		}
		return one(c)
	case n.GetDeleteStmt() != nil:
		return one(c.contract("deletes rows of "+rvName(n.GetDeleteStmt().Relation), "the running version may still read them"))
	case n.GetMergeStmt() != nil:
		m := n.GetMergeStmt()
		k.filled[rvKey(m.Relation)] = true
		for _, w := range m.MergeWhenClauses {
			if mw := w.GetMergeWhenClause(); mw != nil && mw.CommandType == pgq.CmdType_CMD_DELETE {
				return one(c.contract("merges into "+rvName(m.Relation)+", deleting rows", "the running version may still read them"))
			}
		}
		return one(dml(c, "merges rows into "+rvName(m.Relation), m))
	case n.GetTruncateStmt() != nil:
		c.contract("truncates a table", "the running version still reads its rows").lock(LockAccessExclusive)
		c.Rewrite = true // a new, empty file
		if n.GetTruncateStmt().Behavior == pgq.DropBehavior_DROP_CASCADE {
			c.warn("TRUNCATE … CASCADE also empties every table with a foreign key to it, under ACCESS EXCLUSIVE locks (squawk: ban-truncate-cascade)")
		} else {
			c.warn("TRUNCATE takes an ACCESS EXCLUSIVE lock on the table, waiting behind every running query")
		}
		return one(c)
	case n.GetSelectStmt() != nil:
		sel := n.GetSelectStmt()
		if sel.IntoClause != nil && sel.IntoClause.Rel != nil {
			if shadows := k.shadowed(sel.IntoClause.Rel); shadows != "" {
				k.newRels[rvKey(sel.IntoClause.Rel)] = true
				return one(c.contract("adds table "+rvName(sel.IntoClause.Rel)+" beside a relation of the same name (SELECT INTO)", shadows))
			}
			k.newRels[rvKey(sel.IntoClause.Rel)] = true
			k.filled[rvKey(sel.IntoClause.Rel)] = true
			return one(c.expand("adds table " + rvName(sel.IntoClause.Rel) + " (SELECT INTO)"))
		}
		if ch := modifyingCTE(sel.WithClause); ch != "" {
			return one(c.contract("runs a data-modifying WITH ("+ch+")", "its writes are not read by Greenlight; put each in a statement of its own"))
		}
		for _, f := range funcCalls(sel) {
			if why, bad := sideEffects[f]; bad {
				return one(c.contract("calls "+f+"()", why))
			}
			if !harmless[f] {
				k.sawOpaque = true
				// A function may take any lock (rudder-server's create_constraint_if_not_exists
				// adds a unique constraint): warned as a DO block is.
				return one(opaque(c, "calls "+f+"() in a SELECT", "a SELECT in a migration runs for its side effects, and Greenlight cannot know what "+f+"() does; if the running version cannot notice it, say so with -- greenlight:expand <why>"))
			}
		}
		return one(c.expand("reads without changing anything (SELECT)"))
	case n.GetVariableSetStmt() != nil:
		v := n.GetVariableSetStmt()
		if (v.Name == "lock_timeout" || v.Kind == pgq.VariableSetKind_VAR_RESET_ALL) && !(v.IsLocal && !k.transactional) { // SET LOCAL outside a transaction does nothing
			k.lockTimeout = boundedTimeout(v) // RESET ALL gives the default too
		}
		return one(c.expand("sets " + v.Name + " for the migration's session"))
	case n.GetVariableShowStmt() != nil, n.GetConstraintsSetStmt() != nil, n.GetNotifyStmt() != nil, n.GetListenStmt() != nil,
		n.GetUnlistenStmt() != nil, n.GetCheckPointStmt() != nil, n.GetDiscardStmt() != nil:
		return one(c.expand("changes no schema"))
	case n.GetLockStmt() != nil:
		l := n.GetLockStmt()
		modes := []string{"", "ACCESS SHARE", "ROW SHARE", "ROW EXCLUSIVE", LockShareUpdateExclusive, LockShare, LockShareRowExclusive, LockExclusive, LockAccessExclusive}
		c.expand("locks tables in " + modes[min(int(l.Mode), len(modes)-1)] + " mode")
		if m := modes[min(int(l.Mode), len(modes)-1)]; blocksWrites(m) {
			c.lock(m).warn("LOCK " + m + " blocks the running version's writes until the migration commits: keep the migration short and set lock_timeout")
		}
		return one(c)
	case n.GetVacuumStmt() != nil:
		v := n.GetVacuumStmt()
		if !v.IsVacuumcmd {
			return one(c.expand("analyzes (updates planner statistics)"))
		}
		c.expand("vacuums")
		c.NonTransactional = true
		for _, o := range v.Options {
			if d := o.GetDefElem(); d != nil && d.Defname == "full" {
				c.What = "rewrites tables (VACUUM FULL)"
				c.Rewrite = true
				c.lock(LockAccessExclusive).warn("VACUUM FULL rewrites the table under an ACCESS EXCLUSIVE lock: the running version can neither read nor write it meanwhile; use pg_repack, or plain VACUUM (squawk: prefer-repack)")
			}
		}
		return one(c)
	case n.GetClusterStmt() != nil:
		c.expand("rewrites " + rvName(n.GetClusterStmt().Relation) + " in index order (CLUSTER)")
		c.Rewrite = true
		return one(c.lock(LockAccessExclusive).warn("CLUSTER rewrites the table under an ACCESS EXCLUSIVE lock: the running version can neither read nor write it meanwhile; use pg_repack (squawk: prefer-repack)"))
	case n.GetReindexStmt() != nil:
		r := n.GetReindexStmt()
		c.expand("rebuilds indexes")
		for _, p := range r.Params {
			if d := p.GetDefElem(); d != nil && d.Defname == "concurrently" {
				c.NonTransactional = true
				return one(c)
			}
		}
		return one(c.lock(LockShare).warn("REINDEX without CONCURRENTLY blocks writes to the table (and reads through the index) while it rebuilds; use REINDEX CONCURRENTLY in a migration of its own marked -- +goose NO TRANSACTION (squawk: require-concurrent-reindex)"))
	case n.GetRefreshMatViewStmt() != nil:
		r := n.GetRefreshMatViewStmt()
		c.expand("refreshes materialized view " + rvName(r.Relation))
		if r.Concurrent {
			return one(c.lock(LockExclusive))
		}
		c.Rewrite = true
		return one(c.lock(LockAccessExclusive).warn("REFRESH MATERIALIZED VIEW without CONCURRENTLY blocks the running version's reads of it while it runs; use CONCURRENTLY (it needs a unique index on the view)"))
	case n.GetTransactionStmt() != nil:
		kw := strings.TrimPrefix(n.GetTransactionStmt().Kind.String(), "TRANS_STMT_")
		c.contract("transaction control ("+kw+")", "goose manages transactions")
		c.Invalid = "remove " + kw + ": goose runs each migration in its own transaction, or in none with -- +goose NO TRANSACTION"
		return one(c)
	case n.GetDoStmt() != nil:
		return k.doBlock(base, n.GetDoStmt())
	case n.GetCallStmt() != nil:
		k.sawOpaque = true
		return one(opaque(c, "calls a procedure", "its effect cannot be read from the statement; if it is backward compatible, say so with -- greenlight:expand <why>"))
	case n.GetAlterSystemStmt() != nil:
		c.contract("changes server settings (ALTER SYSTEM)", "settings apply to the running version too")
		c.NonTransactional = true
		return one(c)
	case n.GetAlterDatabaseStmt() != nil, n.GetAlterDatabaseSetStmt() != nil, n.GetAlterDatabaseRefreshCollStmt() != nil:
		return one(c.contract("changes database settings", "settings apply to the running version too"))
	case n.GetCreatedbStmt() != nil, n.GetCreateTableSpaceStmt() != nil:
		c.expand("adds a database or tablespace")
		c.NonTransactional = true
		return one(c)
	case n.GetDropdbStmt() != nil, n.GetDropTableSpaceStmt() != nil:
		c.contract("drops a database or tablespace", "the running version may use it")
		c.NonTransactional = true
		return one(c)
	case n.GetCreateStatsStmt() != nil, n.GetAlterStatsStmt() != nil:
		return one(c.expand("changes extended statistics (planner only)"))
	case n.GetCreateCastStmt() != nil, n.GetCreateConversionStmt() != nil, n.GetCreateTransformStmt() != nil,
		n.GetCreateOpClassStmt() != nil, n.GetCreateOpFamilyStmt() != nil, n.GetCreateAmStmt() != nil, n.GetCreatePlangStmt() != nil,
		n.GetCreateFdwStmt() != nil, n.GetCreateForeignServerStmt() != nil, n.GetCreateUserMappingStmt() != nil,
		n.GetImportForeignSchemaStmt() != nil, n.GetCreateEventTrigStmt() != nil:
		return one(c.expand("adds a new object the running version does not use"))
	case n.GetCreatePublicationStmt() != nil:
		return one(publication(c, n.GetCreatePublicationStmt()))
	case n.GetCreateForeignTableStmt() != nil:
		if b := n.GetCreateForeignTableStmt().BaseStmt; b != nil {
			k.newRels[rvKey(b.Relation)] = true
		}
		return one(c.expand("adds a foreign table"))
	case n.GetCreateSubscriptionStmt() != nil:
		c.expand("adds a subscription")
		c.NonTransactional = true
		return one(c)
	case n.GetCopyStmt() != nil:
		cp := n.GetCopyStmt()
		if cp.IsFrom {
			k.filled[rvKey(cp.Relation)] = true
		}
		if cp.IsFrom && !cp.IsProgram {
			return one(c.expand("copies rows into " + rvName(cp.Relation)))
		}
		return one(c.contract("COPY", unknownWhy))
	case n.GetExplainStmt() != nil:
		for _, o := range n.GetExplainStmt().Options {
			if d := o.GetDefElem(); d != nil && d.Defname == "analyze" {
				return k.classifyNode(n.GetExplainStmt().Query, base)
			}
		}
		return one(c.expand("explains a statement without running it"))
	}
	return one(c.contract("a statement Greenlight does not classify ("+statementKind(n)+")", unknownWhy))
}

// statementKind names a node's statement type, such as "ClusterStmt".
func statementKind(n *pgq.Node) string {
	if n == nil || n.Node == nil {
		return "empty"
	}
	t := fmt.Sprintf("%T", n.Node)
	return strings.TrimPrefix(t, "*pg_query.Node_")
}

// modifyingCTE names the first INSERT, UPDATE, DELETE or MERGE inside a WITH clause.
func modifyingCTE(w *pgq.WithClause) string {
	if w == nil {
		return ""
	}
	for _, cte := range w.Ctes {
		if q := cte.GetCommonTableExpr().GetCtequery(); q != nil {
			switch {
			case q.GetInsertStmt() != nil:
				return "INSERT"
			case q.GetUpdateStmt() != nil:
				return "UPDATE"
			case q.GetDeleteStmt() != nil:
				return "DELETE"
			case q.GetMergeStmt() != nil:
				return "MERGE"
			}
		}
	}
	return ""
}

// dml classifies INSERT, UPDATE and MERGE: expand (the running version reads new or changed
// rows as any other), unless they call a function with side effects or delete through WITH.
func dml(c *cls, what string, m proto.Message) *cls {
	for _, f := range funcCalls(m) {
		if why, bad := sideEffects[f]; bad {
			return c.contract(what+", calling "+f+"()", why)
		}
	}
	var del bool
	walk(m, func(r protoreflectMessage) {
		if _, ok := r.Interface().(*pgq.DeleteStmt); ok {
			del = true
		}
	})
	if del {
		return c.contract(what+" and deletes rows (WITH … DELETE)", "the running version may still read them")
	}
	return c.expand(what)
}

// publication classifies CREATE PUBLICATION. A publication that replicates UPDATE or DELETE (the
// default publish = 'insert, update, delete, truncate') makes PostgreSQL refuse every UPDATE and
// DELETE on a published table without a replica identity (PostgreSQL 15, "Logical Replication:
// Publication"): the running version's updates and deletes may fail. Only a publication of no
// table, or of inserts and truncates alone, changes nothing it does.
func publication(c *cls, ps *pgq.CreatePublicationStmt) *cls {
	if !ps.ForAllTables && len(ps.Pubobjects) == 0 {
		return c.expand("adds publication " + ps.Pubname + " of no table")
	}
	updates := true
	for _, o := range ps.Options {
		if d := o.GetDefElem(); d != nil && d.Defname == "publish" {
			updates = false
			if sv := d.Arg.GetString_(); sv != nil {
				for _, op := range strings.Split(sv.Sval, ",") {
					if op = strings.TrimSpace(op); op == "update" || op == "delete" {
						updates = true
					}
				}
			} else {
				updates = true // a publish option Greenlight cannot read
			}
		}
	}
	if !updates {
		return c.expand("adds publication " + ps.Pubname + " of inserts only")
	}
	return c.contract("adds publication "+ps.Pubname+" replicating updates and deletes",
		"PostgreSQL then refuses UPDATE and DELETE on every published table without a replica identity (a primary key or REPLICA IDENTITY): the running version's updates and deletes may fail; give each table a replica identity first, or publish only inserts")
}

// sequenceOptions classifies the options of ALTER SEQUENCE (and of an identity column's
// SET options): what keeps handing out new, unused values is expand.
func sequenceOptions(c *cls, name string, opts []*pgq.Node, bigint bool) *cls {
	c.expand("alters " + name)
	for _, o := range opts {
		d := o.GetDefElem()
		if d == nil {
			continue
		}
		switch d.Defname {
		case "restart":
			return c.contract("restarts "+name, "the running version's next ids may collide with rows it already wrote (duplicate keys)")
		case "increment":
			if iv := d.Arg.GetInteger(); iv != nil && iv.Ival < 0 {
				return c.contract("reverses the increment of "+name, "its next values run back into ids already used")
			}
			if iv := d.Arg.GetInteger(); (iv == nil || iv.Ival > 1) && !bigint {
				return c.contract("sets a larger increment on "+name, "a larger step reaches the sequence's maximum sooner (an integer sequence's is 2147483647; Greenlight knows this one to be bigint only when a migration of the folder made it so): nextval() then fails for the running version (2200H)")
			}
		case "minvalue", "maxvalue":
			if d.Arg != nil {
				return c.contract("sets a bound of "+name, "a tighter bound makes nextval() fail for the running version once reached")
			}
		case "cycle":
			if b := d.Arg.GetBoolean(); b != nil && b.Boolval {
				return c.contract("lets "+name+" cycle", "after its bound it hands out values already used (duplicate keys)")
			}
			return c.contract("stops "+name+" from cycling", "nextval() then fails at its bound where the running version expected it to wrap")
		case "as":
			if tn := d.Arg.GetTypeName(); tn == nil || lastName(tn.Names) != "int8" {
				return c.contract("changes the type of "+name, "a narrower type lowers its bound: nextval() may fail for the running version")
			}
		case "start", "cache", "owned_by", "sequence_name", "logged", "unlogged":
		case "generated":
		default:
			return c.contract("alters "+name+" ("+d.Defname+")", unknownWhy)
		}
	}
	return c
}

func alterDomain(c *cls, d *pgq.AlterDomainStmt) *cls {
	name := "domain " + strings.Join(strs(d.TypeName), ".")
	switch d.Subtype {
	case "C":
		c.contract("adds a constraint to "+name, "it rejects values the running version may still write")
		if con := d.Def.GetConstraint(); con == nil || !con.SkipValidation {
			c.lock(LockShare).warn("ALTER DOMAIN ADD CONSTRAINT checks every column of the domain while blocking writes to their tables; add it NOT VALID and VALIDATE it in a later migration (squawk: ban-alter-domain-with-add-constraint)")
		}
		return c
	case "X":
		return c.expand("drops a constraint of " + name + " (accepts more than before)")
	case "T":
		if isNull, _ := defaultVolatility(d.Def); isNull {
			return c.contract("drops the default of "+name, "the running version's INSERTs may rely on it")
		}
		return c.expand("sets the default of " + name)
	case "N":
		return c.expand("lets " + name + " be NULL")
	case "O":
		return c.contract("sets "+name+" NOT NULL", "the running version may still write NULL").lock(LockShare).
			warn("SET NOT NULL on a domain checks every column of the domain while blocking writes to their tables")
	case "V":
		return c.expand("validates a constraint of " + name)
	}
	return c.contract("alters "+name, unknownWhy)
}

type protoreflectMessage = protoreflect.Message
