package secrets

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
)

// TestMain plays the receiving program when the test binary is started by TestPass: this
// package's init has then already drained the descriptor.
func TestMain(m *testing.M) {
	if os.Getenv("GREENLIGHT_HANDOVER_CHILD") == "1" {
		names, err := Received()
		environ, _ := os.ReadFile("/proc/self/environ")
		dumpable, _, _ := syscall.RawSyscall(syscall.SYS_PRCTL, 3 /* PR_GET_DUMPABLE */, 0, 0)
		_, fdErr := os.Stat(fmt.Sprintf("/proc/self/fd/%s", os.Getenv("SECRETS_TEST_FD")))
		fmt.Printf("names=%s err=%v token=%s hook=%s kube=%q listed=%s fdvar=%q dumpable=%d fdclosed=%v exec-env-has-secret=%v\n",
			strings.Join(names, ","), err, os.Getenv("GITHUB_TOKEN"), os.Getenv("DEPLOY_HOOK"), os.Getenv("KUBE_CONFIG"),
			os.Getenv(NamesVar), os.Getenv(FDVar), dumpable, fdErr != nil,
			bytes.Contains(environ, []byte("canary-")))
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// Pass hands the secrets over a pipe: the child finds them with os.Getenv, none is in the
// environment it was exec'd with (/proc/self/environ), the descriptor is closed, and the
// process is not dumpable. A variable listed in NamesVar is a secret whatever its name.
func TestPass(t *testing.T) {
	if _, err := os.Stat("/proc/self/environ"); err != nil {
		t.Skip("needs /proc (Linux)")
	}
	environ := []string{"PATH=" + os.Getenv("PATH"), "GREENLIGHT_HANDOVER_CHILD=1", "GITHUB_TOKEN=canary-token-1",
		"DEPLOY_HOOK=canary-hook-2", "KUBE_CONFIG=canary-kube\nline-3", NamesVar + "=DEPLOY_HOOK", "PLAIN=1"}
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	done, err := Pass(cmd, environ)
	if err != nil {
		t.Fatal(err)
	}
	cmd.Env = append(cmd.Env, "SECRETS_TEST_FD=3")
	for _, kv := range cmd.Env {
		if strings.Contains(kv, "canary-") {
			t.Errorf("a secret is in the child's environment: %s", strings.SplitN(kv, "=", 2)[0])
		}
	}
	out, err := cmd.Output()
	done()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSpace(string(out))
	want := `names=DEPLOY_HOOK,GITHUB_TOKEN,KUBE_CONFIG err=<nil> token=canary-token-1 hook=canary-hook-2 kube="canary-kube\nline-3" listed=DEPLOY_HOOK GITHUB_TOKEN KUBE_CONFIG fdvar="" dumpable=0 fdclosed=true exec-env-has-secret=false`
	if got != want {
		t.Errorf("child:\n got %s\nwant %s", got, want)
	}
	public, secret := Split(environ)
	if len(secret) != 3 || strings.Contains(strings.Join(public, "\n"), "canary-") {
		t.Errorf("Split: %v / %d secrets", public, len(secret))
	}
}

// A descriptor that is not there fails with a line saying how to start the program.
func TestReceiveRefusesABadDescriptor(t *testing.T) {
	t.Setenv(FDVar, "2")
	if _, err := receive(); err == nil || !strings.Contains(err.Error(), "greenlight run") {
		t.Errorf("fd 2: %v", err)
	}
	t.Setenv(FDVar, "987")
	if _, err := receive(); err == nil {
		t.Error("a closed descriptor was accepted")
	}
	handedOver = false
}
