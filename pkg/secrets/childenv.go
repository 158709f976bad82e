package secrets

import (
	"os"
	"strings"
)

// childEnvNames are the variables a child process the pipeline runs (go test, go build) gets
// from the pipeline's own environment. Everything else stays behind: the Action's environment
// carries the signing key and its password, the GitHub token, the OIDC token request and the
// Slack tokens, and a test or a compiler plugin can print or send whatever it is given.
var childEnvNames = map[string]bool{
	// Where things are, and who runs them.
	"PATH": true, "HOME": true, "USER": true, "LOGNAME": true, "TMPDIR": true,
	"XDG_CACHE_HOME": true, "XDG_CONFIG_HOME": true, // Go's default GOCACHE and GOENV live there
	// The Go toolchain and its caches: without them every run compiles cold.
	"GOROOT": true, "GOPATH": true, "GOBIN": true, "GOCACHE": true, "GOMODCACHE": true, "GOTMPDIR": true,
	"GOENV": true, "GOWORK": true, "CGO_ENABLED": true, "GOTOOLCHAIN": true, "GOFLAGS": true, "GOEXPERIMENT": true, "GODEBUG": true,
	"GOPROXY": true, "GOSUMDB": true, "GONOSUMDB": true, "GONOSUMCHECK": true, "GOPRIVATE": true,
	"GONOPROXY": true, "GOINSECURE": true, "GOAUTH": true, "NETRC": true, "GOVCS": true, "GOTELEMETRY": true, "GOMAXPROCS": true,
	"GOOS": true, "GOARCH": true, "GOAMD64": true, "GOARM": true, "GOARM64": true, "GO386": true,
	"GOPPC64": true, "GORISCV64": true, "GOMIPS": true, "GOMIPS64": true, "GOWASM": true, "GOFIPS140": true,
	// cgo (go test -race turns it on): which compiler and flags.
	"CC": true, "CXX": true, "AR": true, "PKG_CONFIG": true, "PKG_CONFIG_PATH": true,
	"CGO_CFLAGS": true, "CGO_CPPFLAGS": true, "CGO_CXXFLAGS": true, "CGO_LDFLAGS": true,
	// Reaching the module proxy from behind a corporate proxy, with its certificates.
	"HTTP_PROXY": true, "HTTPS_PROXY": true, "NO_PROXY": true, "http_proxy": true, "https_proxy": true, "no_proxy": true,
	"SSL_CERT_FILE": true, "SSL_CERT_DIR": true,
	// Locale and time zone: tests that format dates or sort strings depend on them.
	"LANG": true, "LANGUAGE": true, "TZ": true,
	// Reproducible builds.
	"SOURCE_DATE_EPOCH": true,
	// CI markers that test suites commonly read to adjust (skip interactive tests, longer
	// timeouts, runner scratch space). None is a credential: GitHub documents them as the
	// runner's default variables.
	"CI": true, "GITHUB_ACTIONS": true, "RUNNER_OS": true, "RUNNER_ARCH": true, "RUNNER_TEMP": true,
}

// ChildEnv returns the environment for a process the pipeline runs on the author's behalf, such
// as go test and go build: the allow-listed variables of this process (the Go toolchain's,
// PATH, HOME, locale, proxies, CI markers; never a credential, see IsSecretName, nor a variable
// listed in NamesVar), followed by extra.
//
// Each extra entry is either NAME=VALUE, set as given, or a bare NAME, which passes that
// variable from this process if it is set. Extras are the pipeline author's explicit choice and
// pass even when their name looks like a secret; a later entry wins over an earlier one.
func ChildEnv(extra ...string) []string {
	var env []string
	environ := os.Environ()
	isSecret := isSecretIn(environ)
	for _, kv := range environ {
		name, _, ok := strings.Cut(kv, "=")
		if !ok || isSecret(name) {
			continue
		}
		if childEnvNames[name] || strings.HasPrefix(name, "LC_") {
			env = append(env, kv)
		}
	}
	for _, e := range extra {
		if strings.Contains(e, "=") {
			env = append(env, e)
		} else if v, ok := os.LookupEnv(e); ok && e != "" {
			env = append(env, e+"="+v)
		}
	}
	return env
}

// IsSecretName reports whether an environment variable's name says it holds a credential:
// COSIGN_*, SLACK_*, GITHUB_TOKEN, GH_TOKEN, ACTIONS_ID_TOKEN_REQUEST_*, ACTIONS_RUNTIME_*,
// KUBE_CONFIG and PROMETHEUS_URL (the generated workflow passes a kubeconfig and a URL that may
// carry a password), and
// any name containing TOKEN, SECRET, PASSWORD, PASSWD, PASSPHRASE, CREDENTIAL or PRIVATE_KEY, or
// ending in _KEY, _PASS, _PAT, _DSN or _AUTH (case does not matter). Such variables never reach a
// child process unless the pipeline passes them explicitly, and their values are redacted from
// events and reports (see Redactor). A workflow names its other secrets in NamesVar.
func IsSecretName(name string) bool {
	n := strings.ToUpper(name)
	for _, p := range []string{"COSIGN_", "SLACK_", "ACTIONS_ID_TOKEN_REQUEST_", "ACTIONS_RUNTIME_"} {
		if strings.HasPrefix(n, p) {
			return true
		}
	}
	for _, s := range []string{"TOKEN", "SECRET", "PASSWORD", "PASSWD", "PASSPHRASE", "CREDENTIAL", "PRIVATE_KEY"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	for _, s := range []string{"_KEY", "_PASS", "_PAT", "_DSN", "_AUTH"} {
		if strings.HasSuffix(n, s) {
			return true
		}
	}
	switch n {
	case "KEY", "DATABASE_URL", "KUBE_CONFIG", "PROMETHEUS_URL":
		return true
	}
	return false
}
