package migrate

import (
	"fmt"
	"strings"
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
	// Why, for a contract change, the version running now may break.
	Why string `json:"why,omitempty"`
	// NonTransactional is true for statements PostgreSQL cannot run inside a transaction block
	// (CREATE INDEX CONCURRENTLY, VACUUM, …): their migration must say -- +goose NO TRANSACTION.
	NonTransactional bool `json:"non_transactional,omitempty"`
	// Warning is advice that does not change the class (a lock held for a table rewrite).
	Warning string `json:"warning,omitempty"`
	// Invalid is set for a statement that must not be in a migration at all (BEGIN, COMMIT).
	Invalid string `json:"invalid,omitempty"`
}

// cursor walks the tokens of one statement.
type cursor struct {
	t []token
	i int
}

func (c *cursor) peek(k int) token {
	if c.i+k < len(c.t) {
		return c.t[c.i+k]
	}
	return token{Kind: tOp, Text: ""}
}

// accept consumes the keywords kws in sequence if they all come next.
func (c *cursor) accept(kws ...string) bool {
	for k, kw := range kws {
		if !c.peek(k).is(kw) {
			return false
		}
	}
	c.i += len(kws)
	return true
}

func (c *cursor) op(s string) bool {
	if t := c.peek(0); t.Kind == tOp && t.Text == s {
		c.i++
		return true
	}
	return false
}

// name consumes a possibly qualified name (a.b.c) and returns it as written, lower-cased when
// unquoted as PostgreSQL folds it.
func (c *cursor) name() string {
	var parts []string
	for {
		t := c.peek(0)
		if t.Kind != tIdent {
			break
		}
		c.i++
		if t.Quoted {
			parts = append(parts, t.Text)
		} else {
			parts = append(parts, asciiLower(t.Text))
		}
		if !c.op(".") {
			break
		}
	}
	return strings.Join(parts, ".")
}

// items splits the rest of the statement at top-level commas.
func (c *cursor) items() [][]token {
	var out [][]token
	depth, start := 0, c.i
	for j := c.i; j < len(c.t); j++ {
		t := c.t[j]
		switch {
		case t.Kind == tOp && (t.Text == "(" || t.Text == "["):
			depth++
		case t.Kind == tOp && (t.Text == ")" || t.Text == "]"):
			depth--
		case t.Kind == tOp && t.Text == "," && depth == 0:
			out = append(out, c.t[start:j])
			start = j + 1
		}
	}
	if start < len(c.t) {
		out = append(out, c.t[start:])
	}
	c.i = len(c.t)
	return out
}

// hasTop reports whether the keyword sequence kws appears outside parentheses in toks.
func hasTop(toks []token, kws ...string) bool {
	depth := 0
	for i := range toks {
		t := toks[i]
		if t.Kind == tOp && t.Text == "(" {
			depth++
		} else if t.Kind == tOp && t.Text == ")" {
			depth--
		}
		if depth != 0 {
			continue
		}
		ok := i+len(kws) <= len(toks)
		for k := 0; ok && k < len(kws); k++ {
			ok = toks[i+k].is(kws[k])
		}
		if ok {
			return true
		}
	}
	return false
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}

func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 160 {
		s = strings.ToValidUTF8(s[:157], "") + "..."
	}
	return s
}

// classify parses one statement and says what it does to the schema. Anything it does not
// recognise as backward compatible is a contract change: the classification fails safe.
func classify(s stmt) []Change {
	c := &cursor{t: s.toks}
	base := Change{Line: s.line, SQL: oneLine(s.sql)}
	expand := func(what string) []Change {
		ch := base
		ch.Class, ch.What = ClassExpand, what
		return []Change{ch}
	}
	contract := func(what, why string) []Change {
		ch := base
		ch.Class, ch.What, ch.Why = ClassContract, what, why
		return []Change{ch}
	}
	unknown := func() []Change {
		return contract("a statement Greenlight does not recognise ("+firstWords(s.toks, 3)+")",
			"Greenlight cannot tell that the running version keeps working after it; if it does, say so with a line -- greenlight:expand <why> in the migration")
	}
	switch {
	case c.accept("CREATE"):
		return classifyCreate(c, base, expand, contract, unknown)
	case c.accept("ALTER", "TABLE"):
		return classifyAlterTable(c, base)
	case c.accept("ALTER", "INDEX"):
		c.accept("IF", "EXISTS")
		name := c.name()
		if c.accept("RENAME") || c.accept("SET") || c.accept("RESET") || c.accept("ALTER") || c.accept("ATTACH") {
			return expand("alters index " + name + " (indexes are invisible to queries)")
		}
		return unknown()
	case c.accept("ALTER", "TYPE"):
		name := c.name()
		if c.accept("ADD", "VALUE") {
			return expand("adds a value to enum " + name)
		}
		if c.accept("RENAME", "VALUE") {
			return contract("renames a value of enum "+name, "the running version still writes and compares the old value")
		}
		if c.accept("RENAME", "TO") || c.accept("SET", "SCHEMA") {
			return contract("renames type "+name, "the running version's casts name the old type")
		}
		return contract("alters type "+name, "the running version's values may no longer fit")
	case c.accept("ALTER", "SEQUENCE"):
		c.accept("IF", "EXISTS")
		name := c.name()
		if c.accept("RENAME") || c.accept("SET", "SCHEMA") {
			return contract("renames sequence "+name, "the running version's nextval() names the old sequence")
		}
		return expand("alters sequence " + name)
	case c.accept("DROP"):
		return classifyDrop(c, base, contract)
	case c.accept("COMMENT", "ON"):
		return expand("sets a comment")
	case c.accept("GRANT"):
		return expand("grants privileges")
	case c.accept("REVOKE"):
		return contract("revokes privileges", "the running version may rely on them")
	case c.accept("INSERT"):
		return expand("inserts rows")
	case c.accept("UPDATE"):
		c.accept("ONLY")
		ch := expand("updates rows of " + c.name() + " (a backfill)")
		if !hasTop(s.toks, "WHERE") {
			ch[0].Warning = "an UPDATE of a whole table locks every row until the migration commits; backfill large tables in batches"
		}
		return ch
	case c.accept("DELETE"):
		return contract("deletes rows", "the running version may still read them")
	case c.accept("TRUNCATE"):
		return contract("truncates a table", "the running version still reads its rows")
	case c.accept("SELECT") || c.accept("SET") || c.accept("RESET") || c.accept("ANALYZE") || c.accept("LOCK"):
		return expand("changes no schema (" + firstWords(s.toks, 1) + ")")
	case c.accept("VACUUM"):
		ch := expand("vacuums")
		ch[0].NonTransactional = true
		return ch
	case c.accept("REINDEX"):
		ch := expand("rebuilds indexes")
		ch[0].NonTransactional = hasTop(s.toks, "CONCURRENTLY")
		return ch
	case c.accept("BEGIN") || c.accept("START", "TRANSACTION") || c.accept("COMMIT") || c.accept("END") || c.accept("ROLLBACK") || c.accept("SAVEPOINT") || c.accept("RELEASE"):
		ch := base
		ch.Class, ch.What = ClassContract, "transaction control ("+firstWords(s.toks, 1)+")"
		ch.Invalid = "remove " + firstWords(s.toks, 1) + ": goose runs each migration in its own transaction, or in none with -- +goose NO TRANSACTION"
		return []Change{ch}
	case c.accept("DO"):
		return contract("runs an anonymous code block (DO)", "its effect cannot be read from the statement; if it is backward compatible, say so with -- greenlight:expand <why>")
	case c.accept("ALTER", "SYSTEM"), c.accept("ALTER", "DATABASE"):
		ch := contract("changes server or database settings", "settings apply to the running version too")
		ch[0].NonTransactional = s.toks[1].is("SYSTEM")
		return ch
	}
	return unknown()
}

func firstWords(toks []token, n int) string {
	var w []string
	for i := 0; i < len(toks) && len(w) < n; i++ {
		if toks[i].Kind == tIdent && !toks[i].Quoted {
			w = append(w, toks[i].Text)
		} else {
			break
		}
	}
	if len(w) == 0 && len(toks) > 0 {
		return toks[0].Text
	}
	return strings.Join(w, " ")
}

func classifyCreate(c *cursor, base Change, expand func(string) []Change, contract func(string, string) []Change, unknown func() []Change) []Change {
	replace := c.accept("OR", "REPLACE")
	for c.accept("GLOBAL") || c.accept("LOCAL") || c.accept("TEMPORARY") || c.accept("TEMP") || c.accept("UNLOGGED") ||
		c.accept("RECURSIVE") || c.accept("TRUSTED") || c.accept("PROCEDURAL") || c.accept("CONSTRAINT") || c.accept("DEFAULT") {
	}
	unique := c.accept("UNIQUE")
	switch {
	case c.accept("INDEX"):
		concurrently := c.accept("CONCURRENTLY")
		c.accept("IF", "NOT", "EXISTS")
		name := ""
		if !c.peek(0).is("ON") {
			name = c.name() + " "
		}
		c.accept("ON")
		c.accept("ONLY")
		table := c.name()
		var ch []Change
		if unique {
			ch = contract("adds unique index "+name+"on "+table, "a unique index rejects writes the running version may still make; add it once only the new version writes")
		} else {
			ch = expand("adds index " + name + "on " + table)
		}
		ch[0].NonTransactional = concurrently
		if !concurrently {
			ch[0].Warning = "CREATE INDEX without CONCURRENTLY blocks writes to " + table + " while it builds; use CREATE INDEX CONCURRENTLY in a migration of its own marked -- +goose NO TRANSACTION"
		}
		return ch
	case unique:
		return unknown()
	case c.accept("TABLE"):
		c.accept("IF", "NOT", "EXISTS")
		name := c.name()
		if c.peek(0).is("PARTITION") {
			return expand("adds partition " + name)
		}
		return expand("adds table " + name)
	case c.accept("MATERIALIZED", "VIEW"), c.accept("SEQUENCE"), c.accept("SCHEMA"), c.accept("EXTENSION"),
		c.accept("DOMAIN"), c.accept("TYPE"), c.accept("COLLATION"), c.accept("STATISTICS"), c.accept("POLICY"):
		kind := strings.ToLower(c.t[c.i-1].Text)
		c.accept("IF", "NOT", "EXISTS")
		return expand("adds " + kind + " " + c.name())
	case c.accept("VIEW"), c.accept("FUNCTION"), c.accept("PROCEDURE"), c.accept("TRIGGER"), c.accept("AGGREGATE"),
		c.accept("LANGUAGE"), c.accept("RULE"), c.accept("CAST"), c.accept("OPERATOR"):
		kind := strings.ToLower(c.t[c.i-1].Text)
		name := c.name()
		if replace {
			return contract("replaces "+kind+" "+name, "the running version may depend on what it does now; add a new "+kind+" under a new name, and drop the old one once no version uses it")
		}
		return expand("adds " + kind + " " + name)
	case c.accept("ROLE"), c.accept("USER"), c.accept("PUBLICATION"), c.accept("SUBSCRIPTION"), c.accept("SERVER"):
		return expand("adds " + strings.ToLower(c.t[c.i-1].Text))
	case c.accept("DATABASE"), c.accept("TABLESPACE"):
		ch := expand("adds " + strings.ToLower(c.t[c.i-1].Text))
		ch[0].NonTransactional = true
		return ch
	}
	return unknown()
}

func classifyDrop(c *cursor, base Change, contract func(string, string) []Change) []Change {
	for c.accept("MATERIALIZED") || c.accept("FOREIGN") {
	}
	what := strings.ToLower(c.peek(0).Text)
	c.i++
	concurrently := c.accept("CONCURRENTLY")
	c.accept("IF", "EXISTS")
	name := c.name()
	why := "the running version may still use it; drop it in a later release, once no serving version reads or writes it"
	if what == "index" {
		why = "the running version's queries may depend on it for speed, or on its uniqueness"
	}
	ch := contract("drops "+what+" "+name, why)
	ch[0].NonTransactional = concurrently
	return ch
}

func classifyAlterTable(c *cursor, base Change) []Change {
	c.accept("IF", "EXISTS")
	c.accept("ONLY")
	table := c.name()
	c.op("*")
	mk := func(cl Class, what, why string) Change {
		ch := base
		ch.Class, ch.What, ch.Why = cl, what, why
		return ch
	}
	// Forms that take the whole statement.
	switch {
	case c.accept("RENAME", "TO"):
		return []Change{mk(ClassContract, "renames table "+table+" to "+c.name(), "the running version's queries name "+table+"; add the new table (or a view) first and move readers and writers over across releases")}
	case c.accept("RENAME", "CONSTRAINT"):
		return []Change{mk(ClassExpand, "renames a constraint of "+table, "")}
	case c.peek(0).is("RENAME"):
		c.accept("RENAME")
		c.accept("COLUMN")
		col := c.name()
		c.accept("TO")
		return []Change{mk(ClassContract, fmt.Sprintf("renames column %s.%s to %s", table, col, c.name()),
			"the running version still reads and writes "+col+"; add the new column, write both, backfill, switch readers, and drop the old column in a later release")}
	case c.accept("SET", "SCHEMA"):
		return []Change{mk(ClassContract, "moves table "+table+" to another schema", "the running version's queries find it by its current name")}
	case c.accept("ATTACH", "PARTITION"), c.accept("DETACH", "PARTITION"):
		return []Change{mk(ClassContract, strings.ToLower(c.t[c.i-2].Text)+"es a partition of "+table, "rows move in or out of what the running version reads")}
	}
	var out []Change
	for _, item := range c.items() {
		out = append(out, alterAction(table, item, mk))
	}
	if len(out) == 0 {
		out = append(out, mk(ClassContract, "alters table "+table, "Greenlight could not read the change"))
	}
	return out
}

func alterAction(table string, item []token, mk func(Class, string, string) Change) Change {
	c := &cursor{t: item}
	unknown := func() Change {
		return mk(ClassContract, "ALTER TABLE "+table+" "+firstWords(item, 3), "Greenlight does not know this change to be backward compatible; if it is, say so with -- greenlight:expand <why>")
	}
	switch {
	case c.accept("ADD"):
		if c.peek(0).is("CONSTRAINT") || c.peek(0).is("PRIMARY") || c.peek(0).is("UNIQUE") || c.peek(0).is("CHECK") ||
			c.peek(0).is("FOREIGN") || c.peek(0).is("EXCLUDE") {
			return mk(ClassContract, "adds a constraint to "+table,
				"a new constraint rejects writes that the running version may still make; add it once only the new version writes (NOT VALID only skips checking existing rows)")
		}
		c.accept("COLUMN")
		c.accept("IF", "NOT", "EXISTS")
		col := c.name()
		rest := item[c.i:]
		notNull := hasTop(rest, "NOT", "NULL")
		hasDefault := hasTop(rest, "DEFAULT") || hasTop(rest, "GENERATED")
		switch {
		case hasTop(rest, "PRIMARY", "KEY"):
			return mk(ClassContract, fmt.Sprintf("adds primary key column %s.%s", table, col), "the running version's INSERTs do not set it")
		case notNull && !hasDefault:
			return mk(ClassContract, fmt.Sprintf("adds NOT NULL column %s.%s without a default", table, col),
				"existing rows have no value for it and the running version's INSERTs do not set it, so they would fail; add it nullable (or with a DEFAULT), backfill, and set NOT NULL in a later release")
		case notNull:
			return mk(ClassExpand, fmt.Sprintf("adds NOT NULL column %s.%s with a default", table, col), "")
		case hasDefault:
			return mk(ClassExpand, fmt.Sprintf("adds column %s.%s with a default", table, col), "")
		}
		return mk(ClassExpand, fmt.Sprintf("adds nullable column %s.%s", table, col), "")
	case c.accept("DROP", "CONSTRAINT"):
		c.accept("IF", "EXISTS")
		return mk(ClassExpand, "drops constraint "+c.name()+" of "+table+" (accepts more than before)", "")
	case c.accept("DROP"):
		c.accept("COLUMN")
		c.accept("IF", "EXISTS")
		col := c.name()
		return mk(ClassContract, fmt.Sprintf("drops column %s.%s", table, col),
			"the running version may still read or write "+col+"; ship a release that no longer uses it first, and drop it in a later one")
	case c.accept("ALTER"):
		c.accept("COLUMN")
		col := table + "." + c.name()
		switch {
		case c.accept("TYPE"), c.accept("SET", "DATA", "TYPE"):
			return mk(ClassContract, "changes the type of "+col,
				"the running version reads and writes the old type, and the table is rewritten under an exclusive lock; add a column of the new type, write both, backfill, switch readers, then drop the old one")
		case c.accept("SET", "NOT", "NULL"):
			return mk(ClassContract, "sets "+col+" NOT NULL", "the running version may still write NULL there; set it once only the new version writes")
		case c.accept("DROP", "NOT", "NULL"):
			return mk(ClassExpand, "lets "+col+" be NULL", "")
		case c.accept("SET", "DEFAULT"):
			return mk(ClassExpand, "sets a default on "+col, "")
		case c.accept("DROP", "DEFAULT"):
			return mk(ClassContract, "drops the default of "+col, "the running version's INSERTs may rely on it")
		case c.accept("SET", "STATISTICS"), c.accept("SET", "STORAGE"), c.accept("SET", "COMPRESSION"), c.accept("SET"), c.accept("RESET"):
			return mk(ClassExpand, "changes storage settings of "+col, "")
		}
		return unknown()
	case c.accept("VALIDATE", "CONSTRAINT"):
		return mk(ClassExpand, "validates a constraint of "+table+" on existing rows", "")
	case c.accept("OWNER", "TO"), (c.peek(0).is("SET") || c.peek(0).is("RESET")) && c.peek(1).Text == "(", c.accept("CLUSTER", "ON"),
		c.accept("SET", "WITHOUT", "CLUSTER"), c.accept("SET", "TABLESPACE"):
		return mk(ClassExpand, "changes storage or ownership of "+table, "")
	case c.accept("ENABLE", "ROW", "LEVEL", "SECURITY"), c.accept("FORCE", "ROW", "LEVEL", "SECURITY"):
		return mk(ClassContract, "enables row level security on "+table, "the running version's role may no longer see rows")
	}
	return unknown()
}
