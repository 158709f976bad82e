// Package kustomize renders a kustomize overlay in-process (sigs.k8s.io/kustomize/api, as
// `kubectl kustomize` does) into the manifests the Kubernetes target deploys. It is its own
// package so that a pipeline without kustomize overlays does not compile kustomize.
package kustomize

import (
	"fmt"
	"os"
	"path/filepath"

	"sigs.k8s.io/kustomize/api/krusty"
	"sigs.k8s.io/kustomize/kyaml/filesys"

	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
)

// Load renders the kustomization in dir (a folder with kustomization.yaml) with kustomize's
// default options: no plugins, no remote bases, load restricted to the folder tree, as
// `kubectl kustomize dir` without flags. Errors name the folder.
func Load(dir string) (kubernetes.Manifests, error) {
	found := false
	for _, n := range kubernetes.KustomizationFiles {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			found = true
		}
	}
	if !found {
		return nil, fmt.Errorf("%s has no kustomization.yaml: use kubernetes.LoadManifests for a folder of plain manifests", dir)
	}
	k := krusty.MakeKustomizer(krusty.MakeDefaultOptions())
	res, err := k.Run(filesys.MakeFsOnDisk(), dir)
	if err != nil {
		return nil, fmt.Errorf("kustomize %s: %w", dir, err)
	}
	y, err := res.AsYaml()
	if err != nil {
		return nil, fmt.Errorf("kustomize %s: %w", dir, err)
	}
	m, err := kubernetes.ParseManifests(filepath.Join(dir, "(kustomize output)"), y)
	if err != nil {
		return nil, err
	}
	if len(m) == 0 {
		return nil, fmt.Errorf("kustomize %s rendered no objects", dir)
	}
	return m, nil
}
