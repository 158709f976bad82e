package secrets

import (
	"github.com/greenlight-cd/greenlight/internal/secrettest"
	"strings"
	"testing"
)

func TestChildEnv(t *testing.T) {
	secrettest.Set(t)
	t.Setenv("GOFLAGS", "-mod=mod")
	t.Setenv("LC_ALL", "C.UTF-8")
	t.Setenv("RANDOM_APP_SETTING", "x")
	t.Setenv("MY_DB_PASSWORD", "hunter22")
	env := strings.Join(ChildEnv("EXTRA=1", "MY_DB_PASSWORD", "UNSET_VARIABLE_X"), "\n") + "\n"
	for _, want := range []string{"GOFLAGS=-mod=mod\n", "LC_ALL=C.UTF-8\n", "PATH=", "EXTRA=1\n", "MY_DB_PASSWORD=hunter22\n"} {
		if !strings.Contains(env, want) {
			t.Errorf("ChildEnv lacks %q", want)
		}
	}
	for _, not := range []string{"RANDOM_APP_SETTING", "UNSET_VARIABLE_X", "GITHUB_TOKEN", "COSIGN_", "SLACK_", "ACTIONS_ID_TOKEN", "DEPLOY_API_KEY"} {
		if strings.Contains(env, not) {
			t.Errorf("ChildEnv passes %s", not)
		}
	}
	for _, n := range []string{"GITHUB_TOKEN", "gh_token", "COSIGN_KEY", "COSIGN_PASSWORD", "ACTIONS_ID_TOKEN_REQUEST_URL",
		"SLACK_SIGNING_SECRET", "NPM_AUTH_TOKEN", "AWS_SECRET_ACCESS_KEY", "SSH_PRIVATE_KEY", "DATABASE_URL", "SENTRY_DSN"} {
		if !IsSecretName(n) {
			t.Errorf("IsSecretName(%s) = false", n)
		}
	}
	for _, n := range []string{"PATH", "GOPRIVATE", "GONOSUMDB", "GOFLAGS", "HOME", "KEYBOARD", "LANG"} {
		if IsSecretName(n) {
			t.Errorf("IsSecretName(%s) = true", n)
		}
	}
}

func TestRedactorString(t *testing.T) {
	pem := "-----BEGIN ENCRYPTED SIGSTORE PRIVATE KEY-----\neyJrZGYiOnsibmFtZSI6InNjcnlwdCIsInBhcmFtcyI6\nMTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3\n-----END ENCRYPTED SIGSTORE PRIVATE KEY-----"
	r := NewRedactor([]string{"GITHUB_TOKEN=ghs_canaryTokenValue", "COSIGN_KEY=" + pem, "PATH=/usr/bin", "SHORT_TOKEN=abc"}, "explicit-secret")
	if got := r.String("token ghs_canaryTokenValue and explicit-secret, path /usr/bin, abc"); got != "token *** and ***, path /usr/bin, abc" {
		t.Errorf("String: %q", got)
	}
	if got := r.String("line MTIzNDU2Nzg5MGFiY2RlZmdoaWprbG1ub3BxcnN0dXZ3 of a key"); strings.Contains(got, "MTIzNDU2") {
		t.Errorf("a line of a multi-line key survives: %q", got)
	}
	r.Add("added-later-secret")
	if got := r.String("x added-later-secret"); got != "x "+Redacted {
		t.Errorf("Add: %q", got)
	}
	var nilR *Redactor
	if nilR.String("x-secret") != "x-secret" {
		t.Error("a nil Redactor changed text")
	}
}

func TestCopyRedactsDeepAndLeavesTheOriginal(t *testing.T) {
	type inner struct{ Text string }
	type outer struct {
		Msg   string
		In    *inner
		List  []string
		Map   map[string]string
		Any   any
		n     int
		Empty *inner
	}
	r := NewRedactor(nil, "s3cr3t-value")
	v := &outer{Msg: "a s3cr3t-value", In: &inner{"b s3cr3t-value"}, List: []string{"s3cr3t-value"},
		Map: map[string]string{"k": "s3cr3t-value"}, Any: "s3cr3t-value", n: 7}
	got := Copy(r, v)
	if got == v || got.In == v.In {
		t.Fatal("Copy did not copy")
	}
	if got.Msg != "a ***" || got.In.Text != "b ***" || got.List[0] != "***" || got.Map["k"] != "***" || got.Any != "***" || got.n != 7 || got.Empty != nil {
		t.Errorf("copy: %+v %+v", got, got.In)
	}
	if v.Msg != "a s3cr3t-value" || v.In.Text != "b s3cr3t-value" || v.List[0] != "s3cr3t-value" || v.Map["k"] != "s3cr3t-value" {
		t.Errorf("Copy changed the original: %+v", v)
	}
	if Copy[*outer](nil, v) != v || Copy(&Redactor{}, v) != v {
		t.Error("a Redactor that knows no secret copied")
	}
	var none any
	if Copy(r, none) != nil {
		t.Error("a nil interface did not stay nil")
	}
}
