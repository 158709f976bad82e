package greenlight

import (
	"context"
	"fmt"
	"os"
	"strings"
	"testing"
)

type lines []string

func (l *lines) Logf(f string, a ...any) { *l = append(*l, fmt.Sprintf(f, a...)) }

func TestGoTestRunsLikeTheBuildAndReportsFailures(t *testing.T) {
	var log lines
	sum, err := GoTest{Dir: "../../testdata/services/hello"}.Test(context.Background(), &log)
	if err != nil || sum != "1 package(s) passed" {
		t.Fatalf("%q %v", sum, err)
	}
	if !strings.Contains(log[0], "go test -trimpath ./...") {
		t.Errorf("tests do not run with the build's flags: %s", log[0])
	}
	dir := t.TempDir()
	os.WriteFile(dir+"/go.mod", []byte("module x\n\ngo 1.26\n"), 0o644)
	os.WriteFile(dir+"/x_test.go", []byte("package x\n\nimport \"testing\"\n\nfunc TestNo(t *testing.T) { t.Fatal(\"broken on purpose\") }\n"), 0o644)
	_, err = GoTest{Dir: dir}.Test(context.Background(), &log)
	if err == nil || !strings.Contains(err.Error(), "broken on purpose") || !strings.Contains(err.Error(), "nothing was built") {
		t.Fatalf("failing test: %v", err)
	}
}
