package main

import (
	"strings"
	"testing"

	"github.com/greenlight-cd/greenlight/internal/githubfake"
)

// An earlier override by someone who is not an overrider does not stand in a valid
// overrider's way: `greenlight freeze override` records alice's own override after mallory's,
// instead of telling her that mallory's "already stands"; her second call says hers does.
func TestFreezeOverrideAfterSomeoneElsesIsRecorded(t *testing.T) {
	f := githubfake.New(strings.Repeat("a", 40))
	defer f.Close()
	for _, who := range []string{"mallory", "alice"} {
		f.Token("ghp_"+who, githubfake.AllPermissions)
		f.Login("ghp_"+who, who)
	}
	digest := "sha256:" + strings.Repeat("4f", 32)
	args := []string{"freeze", "override", "--env", "production", "--digest", digest, "--repo", "acme/hello", "--api", f.URL}
	t.Setenv("GITHUB_TOKEN", "ghp_mallory")
	if code, out, errs := runCLI(append(args, "--reason", "I want it")...); code != 0 || !strings.Contains(out, "recorded by mallory: I want it") {
		t.Fatalf("mallory: %d %s %s", code, out, errs)
	}
	t.Setenv("GITHUB_TOKEN", "ghp_alice")
	if code, out, errs := runCLI(append(args, "--reason", "incident 42")...); code != 0 || !strings.Contains(out, "recorded by alice: incident 42") {
		t.Fatalf("alice after mallory: %d %s %s", code, out, errs)
	}
	if code, out, errs := runCLI(append(args, "--reason", "again")...); code != 0 || !strings.Contains(out, "your override of production for "+digest+" already stands: recorded by alice at ") ||
		!strings.Contains(out, "(incident 42)") {
		t.Fatalf("alice again: %d %s %s", code, out, errs)
	}
}
