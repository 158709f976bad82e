package kubernetes

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	yaml "go.yaml.in/yaml/v3"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
)

// Object is one manifest document and where it came from.
type Object struct {
	*unstructured.Unstructured
	File string
	Line int
}

// Where is file:line, for messages.
func (o Object) Where() string { return fmt.Sprintf("%s:%d", o.File, o.Line) }

func (o Object) key() string {
	return o.GetAPIVersion() + "/" + o.GetKind() + "/" + o.GetName()
}

// Manifests are the objects of one environment: the base folder with the environment's overlay
// merged in.
type Manifests []Object

// LoadManifests reads every .yaml/.yml file of base (the logic, shared by all environments) and,
// if overlay is not empty, of overlay (this environment's values). An overlay document with the
// same apiVersion, kind and name as a base document is merged into it as a JSON merge patch
// (RFC 7386: maps merge, null deletes) except that, as in a strategic merge patch, the lists
// Kubernetes merges by key are merged item by item: containers, initContainers, volumes, env
// and imagePullSecrets by name, volumeMounts by mountPath, ports by containerPort (or port); an
// item with "$patch: delete" removes its match. So an overlay that sets one container's image
// keeps the sidecars. Any other overlay document is added. Every error names the file and line.
//
// A folder with a kustomization.yaml is refused with the way to load it: the sub-package
// kubernetes/kustomize renders it in-process, or `kubectl kustomize` renders it first.
func LoadManifests(base, overlay string) (Manifests, error) {
	for _, dir := range []string{base, overlay} {
		if err := refuseKustomization(dir); err != nil {
			return nil, err
		}
	}
	objs, err := loadDir(base)
	if err != nil {
		return nil, err
	}
	if len(objs) == 0 {
		return nil, fmt.Errorf("no manifests in %s: put the service's Deployment and Service there as YAML", base)
	}
	if overlay == "" {
		return objs, checkAll(objs)
	}
	over, err := loadDir(overlay)
	if err != nil {
		return nil, err
	}
	index := map[string]int{}
	for i, o := range objs {
		index[o.key()] = i
	}
	for _, o := range over {
		i, ok := index[o.key()]
		if !ok {
			objs = append(objs, o)
			continue
		}
		merged, err := mergePatch(objs[i].Unstructured, o.Unstructured)
		if err != nil {
			return nil, fmt.Errorf("%s: merging into %s: %w", o.Where(), objs[i].Where(), err)
		}
		objs[i].Unstructured = merged
	}
	return objs, checkAll(objs)
}

// checkAll checks the complete (merged) objects.
func checkAll(objs Manifests) error {
	for _, o := range objs {
		if err := checkTypes(o.Unstructured, true); err != nil {
			return fmt.Errorf("%s: %s %s: %w", o.Where(), o.GetKind(), o.GetName(), err)
		}
	}
	return nil
}

func mergePatch(base, patch *unstructured.Unstructured) (*unstructured.Unstructured, error) {
	out := mergeJSON(base.DeepCopy().Object, patch.DeepCopy().Object)
	return &unstructured.Unstructured{Object: out}, nil
}

// KustomizationFiles are the names kustomize reads in a folder.
var KustomizationFiles = []string{"kustomization.yaml", "kustomization.yml", "Kustomization"}

func refuseKustomization(dir string) error {
	if dir == "" {
		return nil
	}
	for _, n := range KustomizationFiles {
		if _, err := os.Stat(filepath.Join(dir, n)); err == nil {
			return fmt.Errorf("%s is a kustomize overlay (%s): load it with kustomize.Load(%q) from github.com/greenlight-cd/greenlight/pkg/kubernetes/kustomize, or render it first with `kubectl kustomize %s > manifests.yaml` and give Greenlight that folder",
				dir, n, dir, dir)
		}
	}
	return nil
}

// mergeJSON applies patch to target as RFC 7386 says (null deletes, maps merge, the rest
// replaces), except for the lists mergeKey names, merged item by item.
func mergeJSON(target, patch map[string]any) map[string]any {
	if target == nil {
		target = map[string]any{}
	}
	for k, v := range patch {
		if v == nil {
			delete(target, k)
			continue
		}
		pm, isMap := v.(map[string]any)
		tm, targetIsMap := target[k].(map[string]any)
		if isMap && targetIsMap {
			target[k] = mergeJSON(tm, pm)
			continue
		}
		pl, isList := v.([]any)
		tl, targetIsList := target[k].([]any)
		if isList && targetIsList {
			if key := mergeKey(k, tl, pl); key != "" {
				target[k] = mergeList(tl, pl, key)
				continue
			}
		}
		target[k] = v
	}
	return target
}

// mergeKey is the key a strategic merge patch merges list field k by ("" to replace it whole):
// only when every item of both lists is a mapping with that key.
func mergeKey(k string, lists ...[]any) string {
	var key string
	switch k {
	case "containers", "initContainers", "ephemeralContainers", "volumes", "env", "imagePullSecrets":
		key = "name"
	case "volumeMounts":
		key = "mountPath"
	case "ports":
		key = "containerPort"
		if len(lists[0]) > 0 {
			if m, _ := lists[0][0].(map[string]any); m != nil && m["containerPort"] == nil {
				key = "port" // a Service's ports
			}
		}
	default:
		return ""
	}
	for _, l := range lists {
		for _, it := range l {
			m, ok := it.(map[string]any)
			if !ok || m[key] == nil {
				return ""
			}
		}
	}
	return key
}

func mergeList(target, patch []any, key string) []any {
	out := append([]any{}, target...)
	for _, it := range patch {
		pm := it.(map[string]any)
		found := -1
		for i, t := range out {
			if fmt.Sprint(t.(map[string]any)[key]) == fmt.Sprint(pm[key]) {
				found = i
				break
			}
		}
		if pm["$patch"] == "delete" {
			if found >= 0 {
				out = append(out[:found], out[found+1:]...)
			}
			continue
		}
		if found >= 0 {
			out[found] = mergeJSON(out[found].(map[string]any), pm)
		} else {
			out = append(out, pm)
		}
	}
	return out
}

func loadDir(dir string) (Manifests, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("reading manifests: %w", err)
	}
	var names []string
	for _, e := range entries {
		if !e.IsDir() && (strings.HasSuffix(e.Name(), ".yaml") || strings.HasSuffix(e.Name(), ".yml")) {
			names = append(names, e.Name())
		}
	}
	sort.Strings(names)
	var out Manifests
	for _, n := range names {
		path := filepath.Join(dir, n)
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, err
		}
		objs, err := ParseManifests(path, b)
		if err != nil {
			return nil, err
		}
		out = append(out, objs...)
	}
	return out, nil
}

// ParseManifests parses multi-document YAML. file names the source in errors.
func ParseManifests(file string, data []byte) (Manifests, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var out Manifests
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%s: invalid YAML: %s", file, strings.TrimPrefix(err.Error(), "yaml: "))
		}
		if len(doc.Content) == 0 || doc.Content[0].Kind == yaml.ScalarNode && doc.Content[0].Tag == "!!null" {
			continue // an empty document, such as after a trailing ---
		}
		root := doc.Content[0]
		line := root.Line
		if root.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("%s:%d: a manifest must be a mapping with apiVersion, kind and metadata", file, line)
		}
		var v any
		if err := root.Decode(&v); err != nil {
			return nil, fmt.Errorf("%s:%d: %v", file, line, err)
		}
		m, err := jsonCompatible(v)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %v", file, line, err)
		}
		obj := &unstructured.Unstructured{Object: m.(map[string]any)}
		o := Object{Unstructured: obj, File: file, Line: line}
		switch {
		case obj.GetAPIVersion() == "":
			return nil, fmt.Errorf("%s: manifest has no apiVersion", o.Where())
		case obj.GetKind() == "":
			return nil, fmt.Errorf("%s: manifest has no kind", o.Where())
		case obj.GetName() == "":
			return nil, fmt.Errorf("%s: %s has no metadata.name", o.Where(), obj.GetKind())
		}
		if err := checkTypes(obj, false); err != nil {
			return nil, fmt.Errorf("%s: %s %s: %w", o.Where(), obj.GetKind(), obj.GetName(), err)
		}
		out = append(out, o)
	}
}

// jsonCompatible turns YAML values into what JSON and unstructured expect: string keys,
// int64 and float64 numbers.
func jsonCompatible(v any) (any, error) {
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			c, err := jsonCompatible(e)
			if err != nil {
				return nil, err
			}
			x[k] = c
		}
		return x, nil
	case map[any]any:
		m := map[string]any{}
		for k, e := range x {
			ks, ok := k.(string)
			if !ok {
				return nil, fmt.Errorf("map key %v is not a string", k)
			}
			c, err := jsonCompatible(e)
			if err != nil {
				return nil, err
			}
			m[ks] = c
		}
		return m, nil
	case []any:
		for i, e := range x {
			c, err := jsonCompatible(e)
			if err != nil {
				return nil, err
			}
			x[i] = c
		}
		return x, nil
	case int:
		return int64(x), nil
	case uint64:
		return int64(x), nil
	default:
		return x, nil
	}
}

// checkTypes catches the mistakes that would otherwise surface only as a server error far from
// the file: a Deployment's replicas and containers of the wrong type.
func checkTypes(obj *unstructured.Unstructured, complete bool) error {
	if obj.GetKind() != "Deployment" {
		return nil
	}
	if v, found, _ := unstructured.NestedFieldNoCopy(obj.Object, "spec", "replicas"); found {
		if _, ok := v.(int64); !ok {
			return fmt.Errorf("spec.replicas must be a whole number, not %v", v)
		}
	}
	cs, found, err := unstructured.NestedSlice(obj.Object, "spec", "template", "spec", "containers")
	if !complete && !found {
		return nil // an overlay may leave the containers to the base
	}
	if err != nil || !found || len(cs) == 0 {
		return errors.New("spec.template.spec.containers is missing or not a list")
	}
	for i, c := range cs {
		cm, ok := c.(map[string]any)
		if !ok {
			return fmt.Errorf("container %d is not a mapping", i)
		}
		if _, ok := cm["image"].(string); !ok && complete { // an overlay's container may change only its env
			return fmt.Errorf("container %d (%v) has no image", i, cm["name"])
		}
	}
	return nil
}

// Deployment returns the one Deployment of the manifests: the service Greenlight deploys.
func (m Manifests) Deployment() (Object, error) {
	var found []Object
	for _, o := range m {
		if o.GetKind() == "Deployment" {
			found = append(found, o)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return Object{}, errors.New("the manifests have no Deployment: Greenlight deploys one Deployment per service")
	default:
		var w []string
		for _, o := range found {
			w = append(w, o.GetName()+" ("+o.Where()+")")
		}
		return Object{}, fmt.Errorf("the manifests have %d Deployments (%s): keep one service per pipeline environment", len(found), strings.Join(w, ", "))
	}
}

// Find returns the first object of that kind (and name, if not empty).
func (m Manifests) Find(kind, name string) (Object, bool) {
	for _, o := range m {
		if o.GetKind() == kind && (name == "" || o.GetName() == name) {
			return o, true
		}
	}
	return Object{}, false
}

// setImage replaces, in a Deployment, the image of every container whose image has repo's
// repository (any tag or digest), and returns how many it replaced.
func setImage(dep *unstructured.Unstructured, repo, ref string) (int, error) {
	cs, _, err := unstructured.NestedSlice(dep.Object, "spec", "template", "spec", "containers")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, c := range cs {
		cm := c.(map[string]any)
		img, _ := cm["image"].(string)
		if repoOf(img) == repo {
			cm["image"] = ref
			n++
		}
	}
	return n, unstructured.SetNestedSlice(dep.Object, cs, "spec", "template", "spec", "containers")
}

// repoOf strips a tag or digest: ghcr.io/a/b:v1 → ghcr.io/a/b; 127.0.0.1:5000/a@sha256:.. → 127.0.0.1:5000/a.
func repoOf(img string) string {
	if i := strings.Index(img, "@"); i >= 0 {
		img = img[:i]
	}
	if i := strings.LastIndex(img, ":"); i > strings.LastIndex(img, "/") {
		img = img[:i]
	}
	return img
}
