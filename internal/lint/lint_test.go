// Package lint checks the repository's non-Go files: the workflows and action.yml.
package lint

import (
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/testutil"
)

// The workflows (and, through `uses: ./`, action.yml's inputs) pass actionlint.
func TestWorkflowsPassActionlint(t *testing.T) {
	actionlint := testutil.Tool(t, "actionlint")
	root := testutil.ModuleRoot()
	files, _ := filepath.Glob(filepath.Join(root, ".github", "workflows", "*.yml"))
	if len(files) < 2 {
		t.Fatalf("want the CI and the example deploy workflows, found %v", files)
	}
	cmd := exec.Command(actionlint, append([]string{"-no-color"}, files...)...)
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("actionlint: %v\n%s", err, out)
	}
}
