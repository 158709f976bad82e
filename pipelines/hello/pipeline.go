// A complete pipeline.go: the example pipeline wired to two local environments.
//
//	greenlight keygen                      # once: cosign.key and cosign.pub
//	go run ./pipelines/hello --report r.json
//
// It builds testdata/services/hello (or $SERVICE_DIR), pushes to $GREENLIGHT_REPO (default: an
// embedded registry on 127.0.0.1), signs with ./cosign.key ($COSIGN_KEY, $COSIGN_PASSWORD),
// deploys to staging and canaries into production, both local targets; then production keeps
// serving on 127.0.0.1:8080 until Ctrl-C. The local target lives as long as this process: it is
// for trying Greenlight and for development; production runs on the Kubernetes target. With
// SLACK_BOT_TOKEN and SLACK_CHANNEL set, the release is followed in Slack (docs/slack.md).
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pipelines/example"
	"github.com/greenlight-cd/greenlight/pkg/greenlight"
	"github.com/greenlight-cd/greenlight/pkg/local"
	"github.com/greenlight-cd/greenlight/pkg/registry"
	"github.com/greenlight-cd/greenlight/pkg/sign"
	"github.com/greenlight-cd/greenlight/pkg/slack/notify"
)

func main() {
	os.Exit(run())
}

func run() int {
	fail := func(err error) int { fmt.Fprintln(os.Stderr, "pipeline:", err); return 2 }
	keyPath := getenv("COSIGN_KEY", "cosign.key")
	key, err := sign.LoadKeyFile(keyPath, []byte(os.Getenv("COSIGN_PASSWORD")))
	if err != nil {
		return fail(err)
	}
	signer, err := sign.NewSigner(key)
	if err != nil {
		return fail(err)
	}
	repo := os.Getenv("GREENLIGHT_REPO")
	if repo == "" {
		reg, err := registry.Start()
		if err != nil {
			return fail(err)
		}
		defer reg.Close()
		repo = reg.Repo("local/hello")
	}

	// The values per environment, apart from the logic in example.Pipeline.
	staging, err := local.New("staging", local.WithAddr("127.0.0.1:8081"))
	if err != nil {
		return fail(err)
	}
	defer staging.Close()
	prod, err := local.New("production", local.WithAddr("127.0.0.1:8080"),
		local.WithEnv("LOG_LEVEL=warn"))
	if err != nil {
		return fail(err)
	}
	defer prod.Close()

	svc := example.Service{Dir: getenv("SERVICE_DIR", "testdata/services/hello"), Repo: repo, Version: getenv("VERSION", "dev")}
	// Slack follows the release when SLACK_BOT_TOKEN and SLACK_CHANNEL are set; otherwise one
	// line says how to switch it on.
	sl := notify.FromEnv(os.Stderr)
	code := greenlight.MainArgs(os.Args[1:], os.Stderr, example.Pipeline(svc, signer),
		sl.Option,
		greenlight.WithName("hello"),
		greenlight.WithSource(runlog.Source{Commit: os.Getenv("GITHUB_SHA"), Author: os.Getenv("USER"), Trigger: "cli"}),
		greenlight.WithEnvironments(
			&greenlight.Environment{Name: "staging", Target: staging, URL: staging.URL()},
			&greenlight.Environment{Name: "production", Target: prod, URL: prod.URL()},
		))
	sl.Flush()
	if code != 0 {
		return code
	}
	fmt.Fprintf(os.Stderr, "production serves at %s; Ctrl-C to stop\n", prod.URL())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	<-ctx.Done()
	return 0
}

func getenv(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
