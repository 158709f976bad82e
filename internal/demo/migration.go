package demo

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing/fstest"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/oci"

	"github.com/greenlight-cd/greenlight/internal/loadgen"
	"github.com/greenlight-cd/greenlight/internal/pgtest"
	"github.com/greenlight-cd/greenlight/pkg/analysis"
	"github.com/greenlight-cd/greenlight/pkg/build"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/local"
	"github.com/greenlight-cd/greenlight/pkg/migrate"
	"github.com/greenlight-cd/greenlight/pkg/registry"
)

// The orders service's migrations, as they would sit in its repository's migrations/ folder.
var (
	ordersV1 = map[string]string{
		"00001_create_orders.sql": "-- +goose Up\nCREATE TABLE orders (id bigserial PRIMARY KEY, total numeric NOT NULL, note text);\n-- +goose Down\nDROP TABLE orders;\n",
	}
	ordersV4 = map[string]string{
		"00002_add_status.sql": "-- +goose Up\nALTER TABLE orders ADD COLUMN status text;\n-- +goose Down\nALTER TABLE orders DROP COLUMN status;\n",
		"00003_drop_note.sql":  "-- +goose Up\nALTER TABLE orders DROP COLUMN note;\n",
	}
)

func migrations(sets ...map[string]string) fstest.MapFS {
	fs := fstest.MapFS{}
	for _, set := range sets {
		for k, v := range set {
			fs[k] = &fstest.MapFile{Data: []byte(v)}
		}
	}
	return fs
}

// migrationRelease is release 4, run when PostgreSQL is installed: a service with a database
// (its own environment "orders", on a throwaway PostgreSQL on 127.0.0.1) ships a change with an
// expand migration and a contract one. A pipeline that runs both before the canary is refused;
// the expand/contract pipeline applies the expand migration before the canary and the contract
// one after promote. Problems go into sum.Problems.
func migrationRelease(ctx context.Context, o Options, say func(string, ...any), reg *registry.Server, signer oci.Signer, svcDir string, sum *Summary) {
	if _, err := pgtest.Binaries(); err != nil {
		say("\n(release 4, a schema migration with expand/contract checks, needs PostgreSQL: install it with `apt-get install -y postgresql` or .ci/postgres.sh, then run the demo again)")
		return
	}
	problem := func(format string, args ...any) {
		sum.Problems = append(sum.Problems, "release 4: "+fmt.Sprintf(format, args...))
	}
	say("\n══ release 4: a schema change, expand before the canary, contract after promote (v4) ══")
	pg, err := pgtest.New()
	if err != nil {
		problem("starting PostgreSQL: %v", err)
		return
	}
	defer pg.Stop()
	name, err := pg.CreateDB()
	if err != nil {
		problem("%v", err)
		return
	}
	say("PostgreSQL on 127.0.0.1:%d, database %s; service \"orders\" in its own environment", pg.Port, name)
	target, err := local.New("orders", local.WithWorkDir(filepath.Join(o.WorkDir, "orders")))
	if err != nil {
		problem("%v", err)
		return
	}
	defer target.Close()
	env := &greenlight.Environment{Name: "orders", Target: target, URL: target.URL()}
	db := &migrate.Database{Name: "orders", DSN: pg.DSN(name), Migrations: migrations(ordersV1)}
	var sink runlog.Sink = runlog.NewConsole(o.Out)
	if o.Quiet {
		con := runlog.NewConsole(o.Out)
		sink = runlog.SinkFunc(func(e runlog.Event) {
			if e.Kind == runlog.RunFinished || e.Kind == runlog.StageFinished || e.Kind == runlog.RolledBack {
				con.Emit(e)
			}
		})
	}
	repo := reg.Repo("demo/orders")
	run := func(version string, pipeline func(p *greenlight.P, signed greenlight.SignedImage)) (*runlog.Report, error) {
		return greenlight.Run(ctx, func(p *greenlight.P) {
			img := p.Build(build.Go{Dir: svcDir, Main: o.Main, Repo: repo, Tags: []string{version}, Ldflags: "-X main.version=" + version})
			pipeline(p, p.Sign(img, signer))
		}, greenlight.WithName("orders"), greenlight.WithEnvironments(env), greenlight.WithSink(sink),
			greenlight.WithSource(runlog.Source{Repository: "greenlight-cd/demo", Commit: "demo-orders-" + version, Author: "demo", Trigger: "demo"}))
	}
	expandContract := func(p *greenlight.P, signed greenlight.SignedImage) {
		migrate.Plan(p, db)
		migrate.Expand(p, db, env, signed)
		p.Canary(signed, env, greenlight.CanaryPlan{Steps: []int{25, 50}, Judge: analysis.Compare{MinRequests: 100}})
		p.Promote(signed, env)
		migrate.Contract(p, db, env, signed)
	}
	if _, err := run("v1", expandContract); err != nil {
		problem("first release of orders: %v", err)
		return
	}
	gen := loadgen.Start(target.URL(), 200)
	defer gen.Stop()
	time.Sleep(time.Second)
	db.Migrations = migrations(ordersV1, ordersV4)

	say("\n-- a pipeline that migrates everything before the canary (migrate.Up): refused while v1 serves --")
	rep, err := run("v4", func(p *greenlight.P, signed greenlight.SignedImage) {
		migrate.Up(p, db, env, signed)
		p.Canary(signed, env, greenlight.CanaryPlan{Steps: []int{25}})
	})
	if err == nil || rep == nil || !strings.Contains(rep.Error, "refusing contract migration") {
		problem("migrate.Up with a contract migration was not refused: %v", err)
		return
	}
	say("\n-- the expand/contract pipeline: migrate-expand, canary, promote, migrate-contract --")
	if _, err := run("v4", expandContract); err != nil {
		problem("the expand/contract release failed: %v", err)
		return
	}
	conn, err := sql.Open("pgx", db.DSN)
	if err != nil {
		problem("%v", err)
		return
	}
	defer conn.Close()
	var cols string
	conn.QueryRowContext(ctx, "SELECT string_agg(column_name, ',' ORDER BY ordinal_position) FROM information_schema.columns WHERE table_name = 'orders'").Scan(&cols)
	if cols != "id,total,status" {
		problem("orders has columns %q, want id,total,status", cols)
		return
	}
	if st := gen.Stop(); st.Failed() > 0 {
		problem("%d request(s) to orders failed during its releases", st.Failed())
		return
	}
	say("release 4 OK: the contract migration was refused while v1 served, expand ran before the canary, contract after promote; orders now has columns %s", cols)
}
