// Package runlog is what a run of a pipeline tells those who watch it: the events it emits as
// they happen (Event, to each Sink: the Console, the JSON report, the GitHub and Slack
// notifiers, the wire to `greenlight run`), the Report it ends with, and the nouns both carry:
// the run's Source, a stage's Status, the records of its moves, releases and policy results.
// Providers report progress through a Logger.
//
// It is a leaf under the engine (pkg/greenlight): notifiers and tools read a run without
// importing the engine, and the engine imports only this vocabulary.
package runlog
