// portflag is a fixture service shaped like podinfo: its main package is not at the module's
// root, it reads its port only from a --port flag (never $PORT), and it serves a file it finds
// under $KO_DATA_PATH (ko's convention for files an image carries beside the binary).
//
// GET /healthz answers ok; GET / answers "portflag VERSION"; GET /env?name=X answers X's value
// in its environment; GET /data answers the content of $KO_DATA_PATH/greeting.txt; GET /ui/
// serves the folder ./ui, relative to its working directory, as podinfo serves its ui/.
// -ldflags -X main.failPercent=N makes N % of the requests to / fail with 500.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"syscall"
	"time"
)

var (
	version     = "dev"
	failPercent = "0"
)

func main() {
	port := flag.Int("port", 9898, "the port to listen on")
	flag.Parse()
	fail, _ := strconv.Atoi(failPercent)
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "ok") })
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		if rand.IntN(100) < fail {
			http.Error(w, "internal error", http.StatusInternalServerError)
			return
		}
		fmt.Fprintf(w, "portflag %s\n", version)
	})
	mux.HandleFunc("GET /env", func(w http.ResponseWriter, r *http.Request) {
		v, ok := os.LookupEnv(r.URL.Query().Get("name"))
		fmt.Fprintf(w, "%v %s", ok, v)
	})
	mux.HandleFunc("GET /data", func(w http.ResponseWriter, r *http.Request) {
		b, err := os.ReadFile(filepath.Join(os.Getenv("KO_DATA_PATH"), "greeting.txt"))
		if err != nil {
			http.Error(w, err.Error(), http.StatusNotFound)
			return
		}
		w.Write(b)
	})
	// Like podinfo's --ui-path=./ui: a path relative to the working directory.
	mux.Handle("GET /ui/", http.StripPrefix("/ui/", http.FileServer(http.Dir("./ui"))))
	srv := &http.Server{Addr: "127.0.0.1:" + strconv.Itoa(*port), Handler: mux, ReadHeaderTimeout: 5 * time.Second}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	go func() {
		<-ctx.Done()
		sctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		srv.Shutdown(sctx)
	}()
	log.Printf("portflag %s listening on %s", version, srv.Addr)
	if err := srv.ListenAndServe(); err != nil && !errors.Is(err, http.ErrServerClosed) {
		log.Fatal(err)
	}
}
