package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"time"

	"github.com/greenlight-cd/greenlight/pkg/kubernetes/traffic/gatewayapi/shadowproxy"
)

// runShadowProxy is `greenlight shadow-proxy`: the sidecar gatewayapi.Router.Mirror adds to a
// shadow's pods (docs/releases.md). Every request it receives is forwarded to --to with
// Greenlight-Shadow: 1; it stops on SIGINT/SIGTERM, letting requests in flight finish.
func runShadowProxy(ctx context.Context, e *cliEnv, fl *flag.FlagSet, args []string) int {
	listen := fl.String("listen", ":15380", "the address mirrored requests arrive on (the shadow Service's target port)")
	to := fl.String("to", "", "the app's address in the pod, host:port, such as 127.0.0.1:8080")
	timeout := fl.Duration("timeout", 30*time.Second, "the longest a forwarded request may take, from its arrival to the response's last byte")
	maxInFlight := fl.Int("max-in-flight", 256, "requests forwarded at once; more are answered 503, never queued")
	if code, ok := parse(fl, args, e.stdout); !ok {
		return code
	}
	if fl.NArg() > 0 {
		fmt.Fprintf(e.stderr, "greenlight shadow-proxy: unexpected argument %q\nusage: %s\n", fl.Arg(0), lookup("shadow-proxy").usage)
		return 2
	}
	log := slog.New(slog.NewTextHandler(e.stderr, nil))
	cfg := shadowproxy.Config{To: *to, Timeout: *timeout, MaxInFlight: *maxInFlight, Logger: log}
	if _, err := shadowproxy.New(cfg); err != nil {
		fmt.Fprintf(e.stderr, "greenlight shadow-proxy: %v\n", err)
		return 2
	}
	var lc net.ListenConfig
	ln, err := lc.Listen(ctx, "tcp", *listen)
	if err != nil {
		fmt.Fprintf(e.stderr, "greenlight shadow-proxy: %v (another process on the port? set --listen and the Router's ShadowProxyPort)\n", err)
		return 1
	}
	log.Info("shadow proxy: forwarding with "+shadowproxy.Header+": 1", "listen", ln.Addr().String(), "to", *to)
	if err := shadowproxy.Run(ctx, ln, cfg); err != nil {
		log.Error("shadow proxy: " + err.Error())
		return 1
	}
	return 0
}
