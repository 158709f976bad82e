// hello is the sample service Greenlight's demo deploys: an HTTP server on $PORT.
//
// Build-time knobs (-ldflags -X): main.version names the release; main.failPercent makes a
// share of requests to / fail with 500 after the first ten, a bug that smoke checks miss and
// a canary under real traffic catches.
package main

import (
	"context"
	"errors"
	"fmt"
	"log"
	"math/rand/v2"
	"net/http"
	"os"
	"os/signal"
	"strconv"
	"sync/atomic"
	"syscall"
	"time"
)

var (
	version     = "dev"
	failPercent = "0"
)

func main() {
	port := os.Getenv("PORT")
	if port == "" {
		port = "8080"
	}
	fail, err := strconv.Atoi(failPercent)
	if err != nil || fail < 0 || fail > 100 {
		log.Fatalf("invalid failPercent %q", failPercent)
	}
	srv := &http.Server{Addr: "127.0.0.1:" + port, Handler: newHandler(version, fail), ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		// Finish in-flight requests before exiting.
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	log.Printf("hello %s listening on %s", version, srv.Addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
	log.Printf("hello %s stopped", version)
}

func newHandler(version string, failPercent int) http.Handler {
	var served atomic.Int64
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		n := served.Add(1)
		w.Header().Set("X-Version", version)
		if n > 10 && rand.IntN(100) < failPercent {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, "hello from %s\n", version)
	})
	return mux
}
