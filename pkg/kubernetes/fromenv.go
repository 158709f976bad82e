package kubernetes

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// KubeconfigFromEnv is the one place the Kubernetes target reads its credentials from the
// environment, for a pipeline's program: the variable name (KUBE_CONFIG in the workflow
// `greenlight init` writes) holds a kubeconfig, as its content (a secret) or its path. It
// returns the path of the kubeconfig to use (a private copy of the content, which cleanup
// removes; "" when the variable is unset, so that $KUBECONFIG or ~/.kube/config, what a
// cloud's login step writes, is used) after checking that it gives credentials. On error
// nothing is left behind and cleanup is nil.
func KubeconfigFromEnv(name string) (path string, cleanup func(), err error) {
	cleanup = func() {}
	v := os.Getenv(name)
	switch {
	case strings.TrimSpace(v) == "":
	case !strings.Contains(v, "\n") && exists(v):
		path = v
	default:
		f, err := os.CreateTemp("", "kubeconfig-*")
		if err != nil {
			return "", nil, err
		}
		cleanup = func() { os.Remove(f.Name()) }
		_, err = f.WriteString(v)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			cleanup()
			return "", nil, fmt.Errorf("%s: %w", name, err)
		}
		path = f.Name()
	}
	if _, err := RESTConfigFromEnv(path); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("no Kubernetes credentials (%v): set the %s secret to a kubeconfig, or log in with your cloud's OIDC step before Greenlight's (.greenlight/README.md)",
			strings.Join(strings.Fields(err.Error()), " "), name)
	}
	return path, cleanup, nil
}

// NewFromDir is New for environment env with its manifests in the layout `greenlight init`
// writes, as LoadFromDir reads them.
func NewFromDir(dir, env string, opts ...Option) (*Target, error) {
	m, err := LoadFromDir(dir, env)
	if err != nil {
		return nil, err
	}
	t, err := New(env, m, opts...)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", env, err)
	}
	return t, nil
}

// LoadFromDir reads the manifests of environment env in the layout `greenlight init` writes:
// dir/base (the service's manifests, shared by every environment) merged with
// dir/overlays/<env> (the environment's values), as LoadManifests merges them. A missing folder
// is an error that says what to put where.
func LoadFromDir(dir, env string) (Manifests, error) {
	base, overlay := filepath.Join(dir, "base"), filepath.Join(dir, "overlays", env)
	for _, d := range []string{base, overlay} {
		if !exists(d) {
			name := filepath.Base(dir)
			return nil, fmt.Errorf("no manifests: %s is missing; put the service's Deployment and Service in %s/base and each environment's values in %s/overlays/<environment> (greenlight init writes a start when the repository has no manifests)", d, name, name)
		}
	}
	m, err := LoadManifests(base, overlay)
	if err != nil {
		return nil, fmt.Errorf("%s manifests: %w", env, err)
	}
	return m, nil
}

func exists(path string) bool { _, err := os.Stat(path); return err == nil }
