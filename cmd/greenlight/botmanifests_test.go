package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/runtime/schema"
	"k8s.io/apimachinery/pkg/types"
	"k8s.io/client-go/dynamic"
	"sigs.k8s.io/yaml"

	"github.com/greenlight-cd/greenlight/internal/k8senv"
	"github.com/greenlight-cd/greenlight/internal/testutil"
)

// The bot's Kubernetes manifests in docs/ are what the API server accepts, applied for real
// (server-side apply) to the test control plane, and they fit the bot: every container argument
// is a flag `greenlight bot` knows, the probes are the bot's /healthz and /readyz on its
// --health-addr, every secret comes from the Secret (keys that exist), resources are limited;
// in HTTP mode the Ingress ends TLS and routes exactly Slack's two endpoints to the Service,
// whose port reaches the bot's --addr.
func TestBotManifestsApplyAndFitTheBot(t *testing.T) {
	cfg := k8senv.Config(t)
	dc := dynamic.NewForConfigOrDie(cfg)
	ctx := context.Background()
	gvr := map[string]schema.GroupVersionResource{
		"Secret":     {Version: "v1", Resource: "secrets"},
		"Service":    {Version: "v1", Resource: "services"},
		"Deployment": {Group: "apps", Version: "v1", Resource: "deployments"},
		"Ingress":    {Group: "networking.k8s.io", Version: "v1", Resource: "ingresses"},
	}
	for _, tc := range []struct {
		file  string
		http  bool
		kinds []string
	}{
		{"slack-bot.k8s.yaml", false, []string{"Secret", "Deployment"}},
		{"slack-bot-http.k8s.yaml", true, []string{"Secret", "Deployment", "Service", "Ingress"}},
	} {
		t.Run(tc.file, func(t *testing.T) {
			ns := k8senv.Namespace(t, cfg)
			nsObj := &unstructured.Unstructured{Object: map[string]any{"apiVersion": "v1", "kind": "Namespace", "metadata": map[string]any{"name": ns}}}
			if _, err := dc.Resource(schema.GroupVersionResource{Version: "v1", Resource: "namespaces"}).Create(ctx, nsObj, metav1.CreateOptions{}); err != nil {
				t.Fatal(err)
			}
			b, err := os.ReadFile(filepath.Join(testutil.ModuleRoot(), "docs", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			objs := map[string]*unstructured.Unstructured{}
			var kinds []string
			for _, doc := range strings.Split(string(b), "\n---\n") {
				j, err := yaml.YAMLToJSON([]byte(doc))
				if err != nil {
					t.Fatal(err)
				}
				u := &unstructured.Unstructured{}
				if err := u.UnmarshalJSON(j); err != nil {
					t.Fatal(err)
				}
				r, ok := gvr[u.GetKind()]
				if !ok {
					t.Fatalf("unexpected kind %s", u.GetKind())
				}
				// Real apply, as kubectl apply --server-side: the API server validates every field.
				u.SetNamespace(ns)
				body, _ := json.Marshal(u.Object)
				force := true
				got, err := dc.Resource(r).Namespace(ns).Patch(ctx, u.GetName(), types.ApplyPatchType, body, metav1.PatchOptions{FieldManager: "greenlight-docs-test", Force: &force})
				if err != nil {
					t.Fatalf("the API server refuses the %s: %v", u.GetKind(), err)
				}
				objs[u.GetKind()] = got
				kinds = append(kinds, u.GetKind())
			}
			if !slices.Equal(kinds, tc.kinds) {
				t.Fatalf("kinds %v, want %v", kinds, tc.kinds)
			}
			checkBotDeployment(t, objs, tc.http)
		})
	}
}

func checkBotDeployment(t *testing.T, objs map[string]*unstructured.Unstructured, http bool) {
	t.Helper()
	secret, _, _ := unstructured.NestedMap(objs["Secret"].Object, "data")
	pod, _, _ := unstructured.NestedMap(objs["Deployment"].Object, "spec", "template", "spec")
	containers, _, _ := unstructured.NestedSlice(pod, "containers")
	if len(containers) != 1 {
		t.Fatalf("containers %v", containers)
	}
	c := containers[0].(map[string]any)
	args, _, _ := unstructured.NestedStringSlice(c, "args")
	if len(args) == 0 || args[0] != "bot" {
		t.Fatalf("args %v: the image's entrypoint is greenlight, its first argument the command", args)
	}
	// Every flag is the bot's: an unknown one would be a usage error (2), not a missing secret (1).
	t.Setenv("SLACK_BOT_TOKEN", "")
	t.Setenv("SLACK_APP_TOKEN", "")
	t.Setenv("SLACK_SIGNING_SECRET", "")
	if code, _, errs := runCLI(args...); code == 2 || strings.Contains(errs, "flag provided but not defined") {
		t.Errorf("the manifest's arguments are not the bot's: %d %s", code, errs)
	}
	flag := func(name, def string) string {
		if i := slices.Index(args, name); i >= 0 && i+1 < len(args) {
			return args[i+1]
		}
		return def
	}
	if http != slices.Contains(args, "--socket=false") {
		t.Errorf("args %v: HTTP mode is --socket=false", args)
	}
	ports := map[string]string{}
	cports, _, _ := unstructured.NestedSlice(c, "ports")
	for _, p := range cports {
		pm := p.(map[string]any)
		ports[pm["name"].(string)] = fmt.Sprint(pm["containerPort"])
	}
	if want := strings.TrimPrefix(flag("--health-addr", ":8081"), ":"); ports["health"] != want {
		t.Errorf("health port %s, the bot serves probes on %s", ports["health"], want)
	}
	for probe, path := range map[string]string{"livenessProbe": "/healthz", "readinessProbe": "/readyz"} {
		p, _, _ := unstructured.NestedString(c, probe, "httpGet", "path")
		port, _, _ := unstructured.NestedString(c, probe, "httpGet", "port")
		if p != path || port != "health" {
			t.Errorf("%s: %s on %s", probe, p, port)
		}
	}
	if lim, _, _ := unstructured.NestedStringMap(c, "resources", "limits"); lim["memory"] == "" || lim["cpu"] == "" {
		t.Errorf("limits %v", lim)
	}
	env, _, _ := unstructured.NestedSlice(c, "env")
	for _, e := range env {
		em := e.(map[string]any)
		name := em["name"].(string)
		key, found, _ := unstructured.NestedString(em, "valueFrom", "secretKeyRef", "key")
		switch {
		case found:
			if _, ok := secret[key]; !ok {
				t.Errorf("%s names key %s, not in the Secret", name, key)
			}
		case strings.Contains(name, "TOKEN") || strings.Contains(name, "SECRET") || strings.Contains(name, "KEY") && !strings.HasSuffix(name, "_FILE"):
			t.Errorf("%s is not read from the Secret", name)
		}
	}
	needs := []string{"SLACK_BOT_TOKEN", "GITHUB_APP_ID", "GITHUB_APP_INSTALLATION_ID", "app.pem"}
	if http {
		needs = append(needs, "SLACK_SIGNING_SECRET")
	} else {
		needs = append(needs, "SLACK_APP_TOKEN")
	}
	for _, k := range needs {
		if _, ok := secret[k]; !ok {
			t.Errorf("the Secret lacks %s", k)
		}
	}
	if !http {
		return
	}
	if want := strings.TrimPrefix(flag("--addr", ":8080"), ":"); ports["http"] != want {
		t.Errorf("http port %s, the bot listens on %s", ports["http"], want)
	}
	svcPorts, _, _ := unstructured.NestedSlice(objs["Service"].Object, "spec", "ports")
	sel, _, _ := unstructured.NestedStringMap(objs["Service"].Object, "spec", "selector")
	labels, _, _ := unstructured.NestedStringMap(objs["Deployment"].Object, "spec", "template", "metadata", "labels")
	for k, v := range sel {
		if labels[k] != v {
			t.Errorf("the Service selects %v, the pods are %v", sel, labels)
		}
	}
	if len(svcPorts) != 1 || fmt.Sprint(svcPorts[0].(map[string]any)["targetPort"]) != "http" {
		t.Errorf("service ports %v", svcPorts)
	}
	svcPort := svcPorts[0].(map[string]any)["name"]
	ing := objs["Ingress"].Object
	tls, _, _ := unstructured.NestedSlice(ing, "spec", "tls")
	rules, _, _ := unstructured.NestedSlice(ing, "spec", "rules")
	if len(tls) != 1 || len(rules) != 1 {
		t.Fatalf("ingress tls %v rules %v", tls, rules)
	}
	host, _, _ := unstructured.NestedString(rules[0].(map[string]any), "host")
	hosts, _, _ := unstructured.NestedStringSlice(tls[0].(map[string]any), "hosts")
	if !slices.Contains(hosts, host) {
		t.Errorf("TLS covers %v, the rule is for %s", hosts, host)
	}
	paths, _, _ := unstructured.NestedSlice(rules[0].(map[string]any), "http", "paths")
	var got []string
	for _, p := range paths {
		pm := p.(map[string]any)
		name, _, _ := unstructured.NestedString(pm, "backend", "service", "name")
		port, _, _ := unstructured.NestedString(pm, "backend", "service", "port", "name")
		if name != objs["Service"].GetName() || port != svcPort {
			t.Errorf("path %v goes to %s:%s", pm["path"], name, port)
		}
		got = append(got, pm["path"].(string))
	}
	if !slices.Equal(got, []string{"/slack/commands", "/slack/interactions"}) {
		t.Errorf("the Ingress routes %v, the bot serves /slack/commands and /slack/interactions", got)
	}
}
