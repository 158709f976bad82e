package greenlight

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/greenlight-cd/greenlight/pkg/runlog"

	"github.com/greenlight-cd/greenlight/pkg/protocol"
)

// The wire side of Main: how a compiled pipeline takes the request `greenlight run` hands it
// (--request), streams its run back (--events) and answers a query instead of running, all in
// the terms of pkg/protocol. None of it is part of the pipeline author's API.

// protocolSink writes the run as greenlight's protocol stream (pkg/protocol): every event as
// one message, then the final report as the last. `greenlight run` reads it.
type protocolSink struct{ w *protocol.Writer }

// newProtocolSink writes the stream to w.
func newProtocolSink(w io.Writer) *protocolSink { return &protocolSink{w: protocol.NewWriter(w)} }

// Emit implements Sink.
func (s *protocolSink) Emit(e runlog.Event) { s.w.Send(protocol.EventMessage, e) }

// Report implements ReportSink: the report is the stream's last message.
func (s *protocolSink) Report(r *runlog.Report) { s.w.Send(protocol.ReportMessage, r) }

// fromRequest reads the protocol request at path (Main's --request) and returns opts with the
// request applied. A request that asks a query is answered there, on the stream at events: done
// is then true and code is Main's exit status, as it is on an error.
func fromRequest(path, events string, stderr io.Writer, opts []Option) (_ []Option, code int, done bool) {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight: --request: %v\n", err)
		return nil, 2, true
	}
	req, err := protocol.ReadRequest(f)
	f.Close()
	if err != nil {
		fmt.Fprintf(stderr, "greenlight: %v\n", err)
		return nil, 2, true
	}
	opts = append(opts, WithRequest(req))
	if len(req.Query) > 0 {
		return nil, answer(req, events, stderr, opts), true
	}
	return opts, 0, false
}

// answer answers req's query on the protocol stream at events, running nothing, with the
// handler a linked package registered (protocol.HandleQueries; pkg/governance does).
func answer(req protocol.Request, events string, stderr io.Writer, opts []Option) int {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	h := protocol.QueryHandler[*Environment, runlog.Source]()
	if h == nil {
		fmt.Fprintln(stderr, "greenlight: this pipeline answers no queries: it does not use pkg/governance (no freeze windows, no calendar); its policies are still checked before every traffic move")
		return 2
	}
	if events == "" {
		fmt.Fprintln(stderr, "greenlight: a query needs --events for the answer")
		return 2
	}
	a, err := h(context.Background(), cfg.envs, cfg.src, req.Query)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight: %v\n", err)
		return 1
	}
	f, err := os.OpenFile(events, os.O_WRONLY|os.O_APPEND, 0o600)
	if err != nil {
		fmt.Fprintf(stderr, "greenlight: --events: %v\n", err)
		return 2
	}
	defer f.Close()
	w := protocol.NewWriter(f)
	w.Send(protocol.AnswerMessage, a)
	if err := w.Err(); err != nil {
		fmt.Fprintf(stderr, "greenlight: sending the answer: %v\n", err)
		return 1
	}
	return 0
}
