package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"k8s.io/client-go/rest"

	"github.com/greenlight-cd/greenlight/pkg/kubernetes"
)

// printStatus prints, per environment, what runs there: the inventory kept in the cluster.
func printStatus(ctx context.Context, stdout, stderr io.Writer, cfg *rest.Config, app string, envs []string) int {
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ENV\tSTABLE\tSINCE\tCANARY\tPREVIOUS")
	code := 0
	for _, e := range envs {
		env, ns, _ := strings.Cut(e, "=")
		if ns == "" {
			ns = env
		}
		st, err := kubernetes.Inventory(ctx, cfg, ns, app)
		if err != nil {
			fmt.Fprintf(stderr, "greenlight status: %s: %v\n", env, err)
			code = 1
			continue
		}
		stable, since, canary, prev := "(nothing)", "-", "-", "-"
		if st.Stable != nil {
			stable = st.Stable.Image.String()
			since = st.Stable.Started.Format(time.RFC3339)
		}
		if st.Canary != nil {
			canary = fmt.Sprintf("%s at %d%%", st.Canary.ID, st.CanaryWeight)
		}
		if st.Previous != nil {
			prev = st.Previous.ID
			if st.PreviousWarm {
				prev += " (warm)"
			}
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", env, stable, since, canary, prev)
	}
	tw.Flush()
	return code
}
