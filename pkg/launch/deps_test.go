package launch_test

import (
	"os/exec"
	"strings"
	"testing"
)

// What a generated pipeline links (launch and its Kubernetes wiring) has no GitHub App token
// minting: ghinstallation and the older go-github it brings were a 32 s share of the pipeline's
// cold compile (go build -debug-actiongraph), and only the Slack bot authenticates as an App
// (pkg/github/ghapp).
func TestAPipelineLinksNoGitHubAppMinting(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".", "./kube").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, bad := range []string{"ghinstallation", "go-github/v88", "golang-jwt", "pkg/github/ghapp"} {
			if strings.Contains(dep, bad) {
				t.Errorf("a pipeline links %s", dep)
			}
		}
	}
}
