// Package kube makes a pipeline's environments on Kubernetes for a run on GitHub: the wiring a
// pipeline.go written by `greenlight init` calls from its launch.Config.GitHub, so that the
// program holds only where its manifests are. It is a package of its own so that launch links
// no Kubernetes client: only a pipeline that deploys to Kubernetes imports it.
//
//	func onGitHub(gh *launch.GitHub) ([]*greenlight.Environment, error) {
//		return kube.EnvironmentsFromEnv(gh, kube.Config{
//			Manifests:     kube.Dir(filepath.Join(gh.Root, "deploy")),
//			ImageName:     "shop",
//			Kubeconfig:    "KUBE_CONFIG",
//			PrometheusURL: "PROMETHEUS_URL",
//		})
//	}
package kube

import (
	"errors"
	"fmt"
	"os"

	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/replicas"
	"github.com/greenlight-cd/greenlight/pkg/launch"
	"github.com/greenlight-cd/greenlight/pkg/prometheus"
)

// Config is where the environments' manifests are and which variables hold the rest.
type Config struct {
	// Manifests loads an environment's manifests: Dir for the layout `greenlight init` writes
	// (base and overlays/<environment>), or a function calling kustomize.Load on the
	// environment's kustomize overlay.
	Manifests func(env string) (kubernetes.Manifests, error)
	// ImageName is the image the manifests name for the service's container; the signed
	// image's digest replaces it (kubernetes.WithImageName).
	ImageName string
	// Strategies are each environment's strategy; an environment not named gets BlueGreen,
	// production (the last environment) a Canary with replicas.New() traffic.
	Strategies map[string]kubernetes.Strategy
	// Kubeconfig is the variable holding the kubeconfig (its content or its path), such as
	// KUBE_CONFIG: read by kubernetes.KubeconfigFromEnv.
	Kubeconfig string
	// PrometheusURL is the variable holding the URL of the Prometheus the canary compares
	// the versions' metrics in, such as PROMETHEUS_URL.
	PrometheusURL string
}

// Dir loads each environment's manifests from dir in the layout `greenlight init` writes, as
// kubernetes.LoadFromDir reads it.
func Dir(dir string) func(env string) (kubernetes.Manifests, error) {
	return func(env string) (kubernetes.Manifests, error) { return kubernetes.LoadFromDir(dir, env) }
}

// EnvironmentsFromEnv makes one Kubernetes environment for each of gh.Environments, with the
// metrics of c.PrometheusURL's Prometheus, and registers their Close with gh.Cleanup. It checks
// everything before it returns: the error joins every problem (the variable unset, no
// credentials, each environment's manifests), each one line that says how to fix it.
func EnvironmentsFromEnv(gh *launch.GitHub, c Config) ([]*greenlight.Environment, error) {
	var errs []error
	// What the canary reads (docs/analysis.md, "What the canary reads"): the URL in
	// c.PrometheusURL, and PROMETHEUS_CONTRACT (promhttp, opentelemetry or podinfo),
	// PROMETHEUS_SELECTOR and the credentials prometheus.ConfigFromEnv names.
	var prom *prometheus.Config
	if c.PrometheusURL != "" {
		if os.Getenv(c.PrometheusURL) == "" {
			errs = append(errs, fmt.Errorf("%s is not set: the production canary compares the versions' metrics in Prometheus; set the repository variable %s", c.PrometheusURL, c.PrometheusURL))
		} else {
			cfg, err := prometheus.ConfigFrom(func(k string) string {
				if k == "PROMETHEUS_URL" {
					k = c.PrometheusURL
				}
				return os.Getenv(k)
			})
			if err != nil {
				errs = append(errs, err)
			}
			prom = &cfg
		}
	}
	restConfig, kerr := kubernetes.KubeconfigFromEnv(c.Kubeconfig) // in memory, never a file
	if kerr != nil {
		errs = append(errs, kerr)
	}
	if c.Manifests == nil {
		errs = append(errs, errors.New("kube.Config has no Manifests"))
	}
	manifests := map[string]kubernetes.Manifests{}
	for _, name := range gh.Environments {
		if c.Manifests == nil {
			break
		}
		m, err := c.Manifests(name)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		manifests[name] = m
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	var envs []*greenlight.Environment
	for i, name := range gh.Environments {
		s, ok := c.Strategies[name]
		switch {
		case ok:
		case i == len(gh.Environments)-1:
			s = kubernetes.Canary{Traffic: replicas.New()}
		default:
			s = kubernetes.BlueGreen{}
		}
		opts := []kubernetes.Option{kubernetes.WithStrategy(s), kubernetes.WithRESTConfig(restConfig), kubernetes.WithLogger(gh.Log)}
		if c.ImageName != "" {
			opts = append(opts, kubernetes.WithImageName(c.ImageName))
		}
		t, err := kubernetes.New(name, manifests[name], opts...)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		gh.Cleanup(func() { t.Close() }) // gives back the environment's lease when a canary is left for a later run
		e := &greenlight.Environment{Name: name, Target: t}
		if prom != nil {
			m, err := prometheus.NewSource(*prom)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			e.Metrics = m
		}
		envs = append(envs, e)
	}
	return envs, errors.Join(errs...)
}
