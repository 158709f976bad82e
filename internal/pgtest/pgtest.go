// Package pgtest gives tests a real PostgreSQL: Debian's server binaries, run as a throwaway
// cluster in a temporary directory (initdb, pg_ctl) listening on 127.0.0.1, and a fresh database
// for each test. As root, the cluster runs as the non-root user "postgres" through runuser,
// because PostgreSQL refuses to run as root.
//
// A test package calls Main from TestMain, so that the cluster it started is stopped at the end:
//
//	func TestMain(m *testing.M) { pgtest.Main(m) }
//
// and each test asks for its own database with DB(t). Without PostgreSQL installed, tests fail
// (never skip) with the command that installs it: .ci/postgres.sh.
package pgtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
)

// Server is a running PostgreSQL cluster.
type Server struct {
	// Host and Port reach it over TCP.
	Host string
	Port int
	// User is the superuser (trust authentication on 127.0.0.1 only).
	User string

	bin    string
	dir    string
	runAs  string
	logf   string
	admin  *sql.DB
	stopMu sync.Mutex
}

var (
	once    sync.Once
	shared  *Server
	initErr error
)

// Main runs the package's tests and stops the cluster they started.
func Main(m *testing.M) {
	code := m.Run()
	if shared != nil {
		shared.Stop()
	}
	os.Exit(code)
}

// Start returns the package's cluster, starting it on first use. $GREENLIGHT_PG_DSN, when set,
// names an existing server (its user must be allowed to create databases) instead.
func Start(tb testing.TB) *Server {
	tb.Helper()
	once.Do(func() { shared, initErr = start() })
	if initErr != nil {
		tb.Fatalf("pgtest: %v", initErr)
	}
	return shared
}

// DB creates a fresh, empty database for this test, drops it when the test ends, and returns
// its connection string (a postgres:// URL).
func DB(tb testing.TB) string {
	tb.Helper()
	s := Start(tb)
	name, err := s.CreateDB()
	if err != nil {
		tb.Fatalf("pgtest: %v", err)
	}
	tb.Cleanup(func() { s.DropDB(name) })
	return s.DSN(name)
}

// New starts a cluster of its own (or uses $GREENLIGHT_PG_DSN), for a program such as the
// demo; the caller stops it with Stop.
func New() (*Server, error) { return start() }

// CreateDB creates a fresh database with a random name and returns the name.
func (s *Server) CreateDB() (string, error) {
	var b [6]byte
	rand.Read(b[:])
	name := "t_" + hex.EncodeToString(b[:])
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := s.admin.ExecContext(ctx, "CREATE DATABASE "+name); err != nil {
		return "", fmt.Errorf("creating database %s: %v", name, err)
	}
	return name, nil
}

// DropDB drops a database made by CreateDB, closing its connections.
func (s *Server) DropDB(name string) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	s.admin.ExecContext(ctx, "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
}

// DSN is the connection string of database name on s.
func (s *Server) DSN(name string) string {
	return fmt.Sprintf("postgres://%s@%s:%d/%s?sslmode=disable", s.User, s.Host, s.Port, name)
}

// Stop stops the cluster and removes its directory. Stopping a server found through
// $GREENLIGHT_PG_DSN only closes the connection.
func (s *Server) Stop() {
	s.stopMu.Lock()
	defer s.stopMu.Unlock()
	if s.admin != nil {
		s.admin.Close()
		s.admin = nil
	}
	if s.dir == "" {
		return
	}
	s.run(filepath.Join(s.bin, "pg_ctl"), "-D", filepath.Join(s.dir, "data"), "-m", "immediate", "-w", "stop")
	os.RemoveAll(s.dir)
	s.dir = ""
}

// Binaries finds the directory of PostgreSQL's server programs (initdb, pg_ctl, postgres):
// the newest /usr/lib/postgresql/N/bin, or $PATH.
func Binaries() (string, error) {
	dirs, _ := filepath.Glob("/usr/lib/postgresql/*/bin")
	sort.Slice(dirs, func(i, j int) bool { return version(dirs[i]) > version(dirs[j]) })
	for _, d := range dirs {
		if _, err := os.Stat(filepath.Join(d, "initdb")); err == nil {
			return d, nil
		}
	}
	if p, err := exec.LookPath("initdb"); err == nil {
		return filepath.Dir(p), nil
	}
	return "", fmt.Errorf("PostgreSQL's server programs (initdb, pg_ctl) were not found: install them with .ci/postgres.sh (apt-get install -y postgresql)")
}

func version(binDir string) int {
	n, _ := strconv.Atoi(filepath.Base(filepath.Dir(binDir)))
	return n
}

func start() (*Server, error) {
	if dsn := os.Getenv("GREENLIGHT_PG_DSN"); dsn != "" {
		return external(dsn)
	}
	bin, err := Binaries()
	if err != nil {
		return nil, err
	}
	s := &Server{Host: "127.0.0.1", User: "postgres", bin: bin}
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			return nil, fmt.Errorf("running as root, PostgreSQL needs a non-root user to run as, and user postgres does not exist: install the postgresql package (.ci/postgres.sh), which creates it")
		}
		s.runAs = u.Username
	}
	s.dir, err = os.MkdirTemp("", "greenlight-pg-*")
	if err != nil {
		return nil, err
	}
	if s.runAs != "" {
		if err := chown(s.dir, s.runAs); err != nil {
			s.Stop()
			return nil, err
		}
	}
	data := filepath.Join(s.dir, "data")
	if out, err := s.run(filepath.Join(bin, "initdb"), "-D", data, "-U", s.User, "--auth=trust", "--encoding=UTF8", "--no-sync", "--locale=C"); err != nil {
		s.Stop()
		return nil, fmt.Errorf("initdb: %v\n%s", err, out)
	}
	s.logf = filepath.Join(s.dir, "server.log")
	for attempt := 0; ; attempt++ {
		s.Port, err = freePort()
		if err != nil {
			s.Stop()
			return nil, err
		}
		opts := fmt.Sprintf("-c listen_addresses=127.0.0.1 -p %d -k %s -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100", s.Port, s.dir)
		out, err := s.run(filepath.Join(bin, "pg_ctl"), "-D", data, "-l", s.logf, "-o", opts, "-w", "-t", "60", "start")
		if err == nil {
			break
		}
		if attempt == 2 {
			log, _ := os.ReadFile(s.logf)
			s.Stop()
			return nil, fmt.Errorf("pg_ctl start: %v\n%s\n%s", err, out, tail(string(log), 2000))
		}
	}
	s.admin, err = sql.Open("pgx", s.DSN("postgres"))
	if err == nil {
		err = ping(s.admin)
	}
	if err != nil {
		s.Stop()
		return nil, fmt.Errorf("connecting to the test cluster: %v", err)
	}
	return s, nil
}

func external(dsn string) (*Server, error) {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("$GREENLIGHT_PG_DSN: %v", err)
	}
	if err := ping(db); err != nil {
		return nil, fmt.Errorf("$GREENLIGHT_PG_DSN: %v", err)
	}
	s := &Server{admin: db}
	row := db.QueryRow("SELECT current_user, coalesce(inet_server_addr()::text, '127.0.0.1'), current_setting('port')::int")
	if err := row.Scan(&s.User, &s.Host, &s.Port); err != nil {
		return nil, fmt.Errorf("$GREENLIGHT_PG_DSN: %v", err)
	}
	s.Host = strings.TrimSuffix(s.Host, "/32")
	return s, nil
}

func ping(db *sql.DB) error {
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}

// run runs a server program, as s.runAs when set.
func (s *Server) run(prog string, args ...string) ([]byte, error) {
	if s.runAs != "" {
		args = append([]string{"-u", s.runAs, "--", prog}, args...)
		prog = "runuser"
	}
	cmd := exec.Command(prog, args...)
	cmd.Env = []string{"PATH=/usr/bin:/bin", "LANG=C", "LC_ALL=C", "TZ=UTC"}
	cmd.Dir = os.TempDir()
	return cmd.CombinedOutput()
}

func chown(dir, name string) error {
	u, err := user.Lookup(name)
	if err != nil {
		return err
	}
	uid, _ := strconv.Atoi(u.Uid)
	gid, _ := strconv.Atoi(u.Gid)
	return os.Chown(dir, uid, gid)
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func tail(s string, n int) string {
	if len(s) > n {
		return s[len(s)-n:]
	}
	return s
}
