package migrate_test

import (
	"os/exec"
	"strings"
	"testing"
)

// A pipeline without a database links nothing of migrations or flags: its cold compile time is
// user-visible.
func TestPipelinesWithoutDatabaseLinkNothing(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", "../../pipelines/hello").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, bad := range []string{"pkg/migrate", "pkg/flags", "pressly/goose", "jackc/pgx", "open-feature", "go-pgquery", "pg_query_go", "wazero"} {
			if strings.Contains(dep, bad) {
				t.Errorf("pipelines/hello links %s", dep)
			}
		}
	}
}
