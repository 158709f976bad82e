package main

import (
	"fmt"
	"time"
)

// progress prints "what..." on e.stderr now and "still what (12s)" every e.progressEvery until
// the returned function is called, which prints how long it took. Long steps (compiling,
// building, pushing) so never look stuck.
func (e *cliEnv) progress(what string) (done func(err error)) {
	w := e.stderr
	start := time.Now()
	fmt.Fprintf(w, "%s...\n", what)
	stop := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		t := time.NewTicker(e.progressEvery)
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fmt.Fprintf(w, "  still %s (%s)\n", what, time.Since(start).Round(time.Second))
			}
		}
	}()
	return func(err error) {
		close(stop)
		<-finished
		if err == nil {
			fmt.Fprintf(w, "  %s: done in %s\n", what, time.Since(start).Round(100*time.Millisecond))
		}
	}
}
