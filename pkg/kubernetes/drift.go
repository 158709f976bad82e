package kubernetes

import (
	"context"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"strings"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/client-go/rest"
	"sigs.k8s.io/yaml"
)

// DriftPolicy is what a deploy does when the environment differs from what Greenlight last
// applied there (someone ran kubectl edit, set an image, scaled by hand).
type DriftPolicy int

const (
	// DriftIgnore deploys over it (the default); `greenlight status --drift` still shows it.
	DriftIgnore DriftPolicy = iota
	// DriftRefuse fails the deploy and says what differs, changing nothing.
	DriftRefuse
	// DriftReapply puts back what Greenlight applied (self-healing), says so, then deploys.
	DriftReapply
)

// WithDrift sets what a deploy does on drift.
func WithDrift(p DriftPolicy) Option { return func(t *Target) { t.drift = p } }

// Drift compares what runs in namespace with what Greenlight last applied there for app: the
// image digest of the stable revision and of a canary, and every field Greenlight applied to
// their Deployments (replicas included when no autoscaler owns them). Each difference is one
// line; none means no drift. A namespace that does not exist is an error.
func Drift(ctx context.Context, cfg *rest.Config, namespace, app string) ([]string, error) {
	t, err := inventoryTarget(cfg, namespace, app)
	if err != nil {
		return nil, err
	}
	if _, err := t.c.get(ctx, "", "v1", "Namespace", namespace); apierrors.IsNotFound(err) {
		return nil, fmt.Errorf("namespace %q does not exist in this cluster: check its spelling", namespace)
	}
	st, err := t.read(ctx)
	if err != nil {
		return nil, err
	}
	return t.driftOf(ctx, st)
}

func (t *Target) driftOf(ctx context.Context, st clusterState) ([]string, error) {
	var out []string
	auto, err := t.autoscaled(ctx)
	if err != nil {
		return nil, err
	}
	for _, r := range []struct {
		role string
		rec  *record
	}{{"stable", st.Stable}, {"canary", st.Canary}} {
		if r.rec == nil {
			continue
		}
		live, err := t.c.get(ctx, t.ns, "apps/v1", "Deployment", r.rec.Deployment)
		if apierrors.IsNotFound(err) {
			out = append(out, fmt.Sprintf("%s %s: Deployment %s is missing", r.role, r.rec.ID, r.rec.Deployment))
			continue
		}
		if err != nil {
			return nil, err
		}
		if img, err := t.liveImage(ctx, r.rec); err != nil {
			out = append(out, fmt.Sprintf("%s %s: %v", r.role, r.rec.ID, err))
		} else if want, _ := parseRef(r.rec.Image); img.Digest() != want {
			out = append(out, fmt.Sprintf("%s %s: Deployment %s runs %s, Greenlight deployed %s", r.role, r.rec.ID, r.rec.Deployment, img.Digest(), want))
		}
		applied := r.rec.Applied
		if r.rec.Deployment == t.App() && st.Applied != nil {
			applied = st.Applied
		}
		if applied == nil {
			continue
		}
		var want map[string]any
		if err := json.Unmarshal(applied, &want); err != nil {
			return nil, err
		}
		// The image is checked above, the size belongs to an autoscaler or, mid-canary, to the
		// traffic split, and the namespace is set on apply.
		if auto || st.Canary != nil || t.router != nil {
			unstructured.RemoveNestedField(want, "spec", "replicas")
		}
		unstructured.RemoveNestedField(want, "metadata", "namespace")
		for _, d := range subsetDiff("", want, live.Object) {
			if strings.HasSuffix(d.path, ".image") {
				continue
			}
			out = append(out, fmt.Sprintf("%s %s: %s is %s, Greenlight applied %s", r.role, r.rec.ID, d.path, short(d.live), short(d.want)))
		}
	}
	return out, nil
}

func parseRef(ref string) (string, error) {
	_, d, ok := strings.Cut(ref, "@")
	if !ok {
		return "", fmt.Errorf("%s is not by digest", ref)
	}
	return d, nil
}

type fieldDiff struct {
	path       string
	want, live any
}

// subsetDiff lists the fields of want that differ in live (fields only live has, such as the
// server's defaults and other managers' fields, are not drift). Lists of mappings with a name
// are matched by name, other lists by position.
func subsetDiff(path string, want, live any) []fieldDiff {
	switch w := want.(type) {
	case map[string]any:
		l, ok := live.(map[string]any)
		if !ok {
			return []fieldDiff{{path, want, live}}
		}
		keys := make([]string, 0, len(w))
		for k := range w {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var out []fieldDiff
		for _, k := range keys {
			out = append(out, subsetDiff(path+"."+k, w[k], l[k])...)
		}
		return out
	case []any:
		l, ok := live.([]any)
		if !ok {
			return []fieldDiff{{path, want, live}}
		}
		var out []fieldDiff
		for i, item := range w {
			name, _ := item.(map[string]any)["name"].(string)
			var match any
			if name != "" {
				for _, li := range l {
					if m, _ := li.(map[string]any); m != nil && m["name"] == name {
						match = li
					}
				}
				out = append(out, subsetDiff(fmt.Sprintf("%s[%s]", path, name), item, match)...)
				continue
			}
			if i < len(l) {
				match = l[i]
			}
			out = append(out, subsetDiff(fmt.Sprintf("%s[%d]", path, i), item, match)...)
		}
		return out
	default:
		if fmt.Sprint(want) == fmt.Sprint(live) || reflect.DeepEqual(want, live) {
			return nil
		}
		return []fieldDiff{{path, want, live}}
	}
}

func short(v any) string {
	if v == nil {
		return "(not set)"
	}
	b, _ := json.Marshal(v)
	if len(b) > 120 {
		return string(b[:117]) + "..."
	}
	return string(b)
}

// checkDrift applies the drift policy before a deploy changes the environment.
func (t *Target) checkDrift(ctx context.Context, st clusterState) error {
	if t.drift == DriftIgnore || st.Stable == nil {
		return nil
	}
	diffs, err := t.driftOf(ctx, st)
	if err != nil || len(diffs) == 0 {
		return err
	}
	if t.drift == DriftRefuse {
		return fmt.Errorf("%s has drifted from what Greenlight applied, so nothing was deployed:\n  %s\nput it back (or deploy with kubernetes.WithDrift(kubernetes.DriftReapply))",
			t.env, strings.Join(diffs, "\n  "))
	}
	t.logf("%s has drifted from what Greenlight applied; re-applying it:\n  %s", t.env, strings.Join(diffs, "\n  "))
	applied := st.Stable.Applied
	if st.Stable.Deployment == t.App() && st.Applied != nil {
		applied = st.Applied
	}
	if applied == nil {
		return fmt.Errorf("%s has drifted, and Greenlight has no record of what it applied to re-apply", t.env)
	}
	auto, err := t.autoscaled(ctx)
	if err != nil {
		return err
	}
	if applied, err := t.restoreApplied(ctx, applied, auto); err != nil {
		if applied {
			return fmt.Errorf("re-applying %s to undo the drift: its rollout has not finished: %w", st.Stable.ID, err)
		}
		return fmt.Errorf("re-applying %s to undo the drift: %w", st.Stable.ID, err)
	}
	return nil
}

// --- greenlight diff

// Release is what runs as app's stable revision in namespace, as Greenlight applied it, in
// YAML with the revision-specific names and the replica count (each environment's own) taken
// out, so that two environments compare.
func Release(ctx context.Context, cfg *rest.Config, namespace, app string) (string, error) {
	t, err := inventoryTarget(cfg, namespace, app)
	if err != nil {
		return "", err
	}
	if _, err := t.c.get(ctx, "", "v1", "Namespace", namespace); apierrors.IsNotFound(err) {
		return "", fmt.Errorf("namespace %q does not exist in this cluster: check its spelling", namespace)
	}
	st, err := t.read(ctx)
	if err != nil {
		return "", err
	}
	if st.Stable == nil {
		return "", nil
	}
	raw := st.Stable.Applied
	if st.Stable.Deployment == app && st.Applied != nil {
		raw = st.Applied
	}
	var obj map[string]any
	if raw != nil {
		if err := json.Unmarshal(raw, &obj); err != nil {
			return "", err
		}
	} else {
		live, err := t.c.get(ctx, t.ns, "apps/v1", "Deployment", st.Stable.Deployment)
		if err != nil {
			return "", err
		}
		json.Unmarshal(liveConfig(live), &obj)
	}
	u := &unstructured.Unstructured{Object: obj}
	u.SetName(app)
	u.SetNamespace("")
	unstructured.RemoveNestedField(u.Object, "spec", "replicas") // each environment's own size
	for _, p := range [][]string{{"metadata", "labels"}, {"spec", "selector", "matchLabels"}, {"spec", "template", "metadata", "labels"}} {
		unstructured.RemoveNestedField(u.Object, append(p, "greenlight.dev/revision")...)
	}
	b, err := yaml.Marshal(u.Object)
	return string(b), err
}

// UnifiedDiff is the unified diff (3 lines of context) from a to b, "" when they are equal.
func UnifiedDiff(nameA, nameB, a, b string) string {
	if a == b {
		return ""
	}
	lines := func(s string) []string {
		l := strings.SplitAfter(s, "\n")
		if len(l) > 0 && l[len(l)-1] == "" {
			l = l[:len(l)-1]
		}
		return l
	}
	x, y := lines(a), lines(b)
	n, m := len(x), len(y)
	// lcs[i][j]: length of the longest common subsequence of x[i:] and y[j:]
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	type op struct {
		kind byte
		line string
		i, j int
	}
	var ops []op
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			ops = append(ops, op{' ', x[i], i, j})
			i, j = i+1, j+1
		case i < n && (j == m || lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{'-', x[i], i, j})
			i++
		default:
			ops = append(ops, op{'+', y[j], i, j})
			j++
		}
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", nameA, nameB)
	const ctx = 3
	for k := 0; k < len(ops); {
		if ops[k].kind == ' ' {
			k++
			continue
		}
		start := max(k-ctx, 0)
		end := k
		for end < len(ops) {
			if ops[end].kind != ' ' {
				end++
				continue
			}
			run := end
			for run < len(ops) && ops[run].kind == ' ' {
				run++
			}
			if run-end > 2*ctx || run == len(ops) {
				end = min(end+ctx, len(ops))
				break
			}
			end = run
		}
		var da, db int
		for _, o := range ops[start:end] {
			if o.kind != '+' {
				da++
			}
			if o.kind != '-' {
				db++
			}
		}
		fmt.Fprintf(&sb, "@@ -%d,%d +%d,%d @@\n", ops[start].i+1, da, ops[start].j+1, db)
		for _, o := range ops[start:end] {
			line := o.line
			if !strings.HasSuffix(line, "\n") {
				line += "\n"
			}
			sb.WriteByte(o.kind)
			sb.WriteString(line)
		}
		k = end
	}
	return sb.String()
}
