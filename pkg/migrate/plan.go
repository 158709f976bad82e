package migrate

import (
	"context"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strconv"
	"strings"
)

// Migration is one migration file, read and classified.
type Migration struct {
	// Version is the number the file name starts with (00002_add_note.sql → 2).
	Version int64 `json:"version"`
	// File is the file's name.
	File string `json:"file"`
	// Class is Contract if any statement is, else Expand (or what the author declared).
	Class Class `json:"class"`
	// Changes are its up statements, classified.
	Changes []Change `json:"changes"`
	// Reversible is true when the file has a -- +goose Down section with statements: only then
	// may a down migration undo it, and only when asked.
	Reversible bool `json:"reversible"`
	// Transactional is false for a file marked -- +goose NO TRANSACTION.
	Transactional bool `json:"transactional"`
	// Declared is the reason given on a line -- greenlight:expand <why>, by which the author
	// declares the migration backward compatible whatever its statements say.
	Declared string `json:"declared,omitempty"`
	// DeclaredContract is the reason given on a line -- greenlight:contract <why>, by which the
	// author declares that the migration breaks the running version whatever its statements
	// say (a case Greenlight's rules do not count: docs/databases.md, "What the rules do not
	// count"): it runs after the rollout, as any contract migration.
	DeclaredContract string `json:"declared_contract,omitempty"`
	// Problems make every stage refuse the migration before anything runs.
	Problems []string `json:"problems,omitempty"`
	// Warnings are shown in the plan and do not stop anything.
	Warnings []string `json:"warnings,omitempty"`
	// LockWarnings are the Warnings about locks and table rewrites (squawk's rules), each with
	// the safer way to make the change. Database.LockWarningsFatal makes them Problems.
	LockWarnings []string `json:"lock_warnings,omitempty"`

	downCount int
	upCount   int
}

// Name is the file name without its version and extension, such as "add_note".
func (m Migration) Name() string {
	n := strings.TrimSuffix(m.File, ".sql")
	if i := strings.IndexByte(n, '_'); i >= 0 {
		return n[i+1:]
	}
	return n
}

// Summary describes the migration in one line: "0002_add_note.sql: expand (adds nullable column orders.note)".
func (m Migration) Summary() string {
	var whats []string
	for _, c := range m.Changes {
		whats = append(whats, c.What)
	}
	s := fmt.Sprintf("%s: %s", m.File, m.Class)
	if len(whats) > 0 {
		s += " (" + strings.Join(whats, "; ") + ")"
	}
	if m.Declared != "" {
		s += " [declared expand: " + m.Declared + "]"
	}
	if m.DeclaredContract != "" {
		s += " [declared contract: " + m.DeclaredContract + "]"
	}
	if !m.Reversible {
		s += " [irreversible]"
	}
	if !m.Transactional {
		s += " [not transactional]"
	}
	return s
}

// contractChanges lists the contract changes with why each one is one.
func (m Migration) contractChanges() []string {
	var out []string
	for _, c := range m.Changes {
		if c.Class == ClassContract {
			out = append(out, fmt.Sprintf("line %d %s: %s", c.Line, c.What, c.Why))
		}
	}
	return out
}

// ReadDir reads and classifies every migration in fsys (files named <version>_<name>.sql at
// its top level, in goose's format), ordered by version. An error means the folder cannot be
// used at all (two files with one version, a file that is not UTF-8 text); a problem in one
// migration is in its Problems.
func ReadDir(fsys fs.FS) ([]Migration, error) {
	return readDir(context.Background(), fsys, nil)
}

// ReadDirWith is ReadDir for the folder as it applies to the database cat describes: a
// statement whose effect depends on an object no migration of the folder creates is judged by
// what the database has (see Catalog). ctx bounds the questions to it. A question the database
// does not answer leaves the object unknown, and its statement contract, saying why.
func ReadDirWith(ctx context.Context, fsys fs.FS, cat Catalog) ([]Migration, error) {
	return readDir(ctx, fsys, cat)
}

func readDir(ctx context.Context, fsys fs.FS, cat Catalog) ([]Migration, error) {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil, fmt.Errorf("reading the migrations folder: %w", err)
	}
	seen := map[int64]string{}
	type file struct {
		v    int64
		name string
		src  string
	}
	var fl []file
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || path.Ext(name) != ".sql" {
			continue
		}
		digits := name
		if i := strings.IndexByte(name, '_'); i > 0 {
			digits = name[:i]
		} else {
			digits = strings.TrimSuffix(name, ".sql")
		}
		v, err := strconv.ParseInt(digits, 10, 64)
		if err != nil || v < 1 {
			return nil, fmt.Errorf("migration file %s: its name must start with a version number above 0, as in 00002_add_note.sql", name)
		}
		if other, dup := seen[v]; dup {
			return nil, fmt.Errorf("migrations %s and %s have the same version %d: renumber one", other, name, v)
		}
		seen[v] = name
		b, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("reading migration %s: %w", name, err)
		}
		if len(b) > 4<<20 {
			return nil, fmt.Errorf("migration %s is %d bytes, more than the 4 MiB Greenlight reads: split it", name, len(b))
		}
		fl = append(fl, file{v, name, string(b)})
	}
	sort.Slice(fl, func(i, j int) bool { return fl[i].v < fl[j].v })
	// Each migration is judged knowing what the ones before it created: the kind of a
	// constraint it drops, the type of a column it changes.
	k := newKnowledge()
	k.cat, k.ctx = cat, ctx
	var out []Migration
	for _, f := range fl {
		k.pending = cat == nil || !cat.Applied(f.v)
		out = append(out, k.parse(f.v, f.name, f.src))
	}
	return out, nil
}

// Parse reads one migration file in goose's format (-- +goose Up, -- +goose Down,
// -- +goose NO TRANSACTION, -- +goose StatementBegin/End) and classifies its up statements
// on PostgreSQL's own parse tree. Alone, it knows nothing of earlier migrations: ReadDir
// judges each file knowing what the ones before it created (the kind of a constraint a
// migration drops, the type of a column it changes).
func Parse(version int64, file, src string) Migration {
	return newKnowledge().parse(version, file, src)
}

func (k *knowledge) parse(version int64, file, src string) Migration {
	m := Migration{Version: version, File: file, Transactional: true}
	lines := strings.Split(src, "\n")
	up := make([]string, len(lines))
	down := make([]string, len(lines))
	section := ""
	sawUp := false
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "--") && strings.Contains(t, "+goose") {
			a := strings.ToLower(strings.Join(strings.Fields(strings.TrimSpace(strings.Replace(strings.TrimPrefix(t, "--"), "+goose", "", 1))), " "))
			switch a {
			case "up":
				section, sawUp = "up", true
			case "down":
				section = "down"
			case "no transaction":
				m.Transactional = false
			}
			continue
		}
		if strings.HasPrefix(t, "--") {
			rest := strings.TrimSpace(strings.TrimPrefix(t, "--"))
			if r, ok := strings.CutPrefix(rest, "greenlight:expand"); ok {
				m.Declared = strings.TrimSpace(r)
				if m.Declared == "" {
					m.Problems = append(m.Problems, fmt.Sprintf("line %d: -- greenlight:expand needs a reason after it, saying why the running version keeps working", i+1))
				}
			}
			if r, ok := strings.CutPrefix(rest, "greenlight:contract"); ok {
				m.DeclaredContract = strings.TrimSpace(r)
				if m.DeclaredContract == "" {
					m.Problems = append(m.Problems, fmt.Sprintf("line %d: -- greenlight:contract needs a reason after it, saying what of the running version it breaks", i+1))
				}
			}
		}
		switch section {
		case "up":
			up[i] = l
		case "down":
			down[i] = l
		}
	}
	if !sawUp {
		m.Problems = append(m.Problems, "no -- +goose Up line: goose runs nothing before it")
	}
	upSrc := strings.Join(up, "\n")
	k.startFile()
	k.transactional = m.Transactional
	stmts, err := parseSQL(upSrc)
	if err != nil {
		m.Problems = append(m.Problems, "cannot parse the up section: "+err.Error())
	}
	m.upCount = len(stmts)
	lockTimeoutWarned, timeoutWarning := false, ""
	for _, s := range stmts {
		changes := k.classify(s)
		for _, c := range changes {
			if blocksWrites(c.Lock) && !k.lockTimeout && !lockTimeoutWarned {
				lockTimeoutWarned = true
				w := fmt.Sprintf("line %d: takes a%s %s lock on an existing table without SET lock_timeout before it: while it waits for the running version's queries, every new query on the table queues behind it; start the migration with SET lock_timeout = '5s' and retry if it times out (squawk: require-timeout-settings)",
					c.Line, article(c.Lock), c.Lock)
				timeoutWarning = w
			}
		}
		m.Changes = append(m.Changes, changes...)
	}
	k.settleNet(m.Changes)
	downSrc := strings.Join(down, "\n")
	if ds, err := parseSQL(downSrc); err != nil {
		m.Problems = append(m.Problems, "cannot parse the down section: "+err.Error())
	} else {
		m.downCount = len(ds)
	}
	m.Reversible = m.downCount > 0
	m.Class = ClassExpand
	for _, c := range m.Changes {
		if c.Invalid != "" {
			m.Problems = append(m.Problems, fmt.Sprintf("line %d: %s", c.Line, c.Invalid))
		}
		if c.NonTransactional && m.Transactional {
			m.Problems = append(m.Problems, fmt.Sprintf("line %d: PostgreSQL cannot run %q inside a transaction: move it to a migration of its own whose first line is -- +goose NO TRANSACTION", c.Line, c.SQL))
		}
		if c.Warning != "" {
			w := fmt.Sprintf("line %d: %s", c.Line, c.Warning)
			m.Warnings = append(m.Warnings, w)
			if c.Lock != "" || c.Rewrite {
				m.LockWarnings = append(m.LockWarnings, w)
			}
		}
		if c.Class == ClassContract && m.Declared == "" {
			m.Class = ClassContract
		}
	}
	if m.DeclaredContract != "" {
		m.Class = ClassContract
		if m.Declared != "" {
			m.Problems = append(m.Problems, "both -- greenlight:expand and -- greenlight:contract: keep the one that is true")
		}
	}
	if timeoutWarning != "" { // after the statements' own warnings, which say more
		m.Warnings = append(m.Warnings, timeoutWarning)
		m.LockWarnings = append(m.LockWarnings, timeoutWarning)
	}
	if !m.Transactional && m.upCount > 1 {
		m.Warnings = append(m.Warnings, fmt.Sprintf("not transactional with %d statements: if one fails, those before it stay applied and PostgreSQL cannot undo them; prefer one statement per non-transactional migration", m.upCount))
	}
	if !m.Reversible {
		m.Warnings = append(m.Warnings, "irreversible: no -- +goose Down statements, so no down migration can undo it (roll forward instead)")
	}
	return m
}

// article is "n" before a lock mode starting with a vowel sound ("an ACCESS EXCLUSIVE lock").
func article(mode string) string {
	if strings.HasPrefix(mode, "A") || strings.HasPrefix(mode, "E") {
		return "n"
	}
	return ""
}
