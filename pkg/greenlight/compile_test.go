package greenlight_test

import (
	"os/exec"
	"strings"
	"testing"
)

// The type system is the first gate: a pipeline that passes an unsigned Image to a deploy stage
// does not compile.
func TestUnsignedImageToProductionDoesNotCompile(t *testing.T) {
	cmd := exec.Command("go", "build", "-o", t.TempDir()+"/x", "./testdata/unsigned")
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatal("a pipeline deploying an unsigned image compiled")
	}
	if !strings.Contains(string(out), "cannot use img") || !strings.Contains(string(out), "greenlight.SignedImage") {
		t.Fatalf("it failed for another reason:\n%s", out)
	}
}
