package main

import (
	"context"
	"flag"
	"fmt"

	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
)

// diffCommand exits 0 when the two are the same, 1 when they differ (as diff(1) does) or one
// cannot be read, 2 on usage.
func diffCommand(ctx context.Context, e *cliEnv, fs *flag.FlagSet, args []string) int {
	stdout, stderr := e.stdout, e.stderr
	app := fs.String("app", "", "the service (its Deployment's name in the manifests)")
	kubeconfig := fs.String("kubeconfig", "", "kubeconfig (default $KUBECONFIG, ~/.kube/config, or in-cluster)")
	if code, ok := parse(fs, args, stdout); !ok {
		return code
	}
	if *app == "" || fs.NArg() != 2 {
		fmt.Fprintln(stderr, "greenlight diff: give --app and two environments, such as staging production")
		return 2
	}
	cfg, err := kubernetes.RESTConfigFromEnv(*kubeconfig)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight diff: %v\n", err)
		return 2
	}
	var text [2]string
	var names [2]string
	for i, arg := range fs.Args() {
		env, ns := envNamespace(arg)
		names[i] = env
		if text[i], err = kubernetes.Release(ctx, cfg, ns, *app); err != nil {
			fmt.Fprintf(stderr, "greenlight diff: %s: %v\n", env, err)
			return 1
		}
		if text[i] == "" {
			fmt.Fprintf(stderr, "greenlight diff: %s: nothing of %s is deployed there yet\n", env, *app)
			return 1
		}
	}
	d := kubernetes.UnifiedDiff(names[1]+" (now)", names[1]+" (with "+names[0]+"'s release)", text[1], text[0])
	if d == "" {
		fmt.Fprintf(stdout, "%s and %s run the same release of %s\n", names[0], names[1], *app)
		return 0
	}
	fmt.Fprint(stdout, d)
	return 1
}
