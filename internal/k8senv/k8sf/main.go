// k8sf: one binary holding etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok
// (old-hyperkube style). Usage: k8sf <component> [flags...]
package main

import (
	"fmt"
	"os"
	_ "time/tzdata"

	"github.com/spf13/pflag"
	etcdmain "go.etcd.io/etcd/server/v3/etcdmain"
	"k8s.io/component-base/cli"
	_ "k8s.io/component-base/logs/json/register"
	_ "k8s.io/component-base/metrics/prometheus/clientgo"
	_ "k8s.io/component-base/metrics/prometheus/version"
	kubectl "k8s.io/kubectl/pkg/cmd"
	apiserver "k8s.io/kubernetes/cmd/kube-apiserver/app"
	kcm "k8s.io/kubernetes/cmd/kube-controller-manager/app"
	scheduler "k8s.io/kubernetes/cmd/kube-scheduler/app"
	kwokconfig "sigs.k8s.io/kwok/pkg/config"
	kwokcmd "sigs.k8s.io/kwok/pkg/kwok/cmd"
	kwoklog "sigs.k8s.io/kwok/pkg/log"
	"sigs.k8s.io/kwok/pkg/utils/signals"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: k8sf etcd|kube-apiserver|kube-controller-manager|kube-scheduler|kwok|kubectl [flags]")
		os.Exit(2)
	}
	comp := os.Args[1]
	os.Args = append([]string{comp}, os.Args[2:]...)
	switch comp {
	case "etcd":
		etcdmain.Main(os.Args)
	case "kube-apiserver":
		os.Exit(cli.Run(apiserver.NewAPIServerCommand()))
	case "kube-controller-manager":
		os.Exit(cli.Run(kcm.NewControllerManagerCommand()))
	case "kubectl":
		// kubectl of the same release, for the benchmarks that compare Greenlight with it.
		os.Exit(cli.Run(kubectl.NewDefaultKubectlCommand()))
	case "kube-scheduler":
		os.Exit(cli.Run(scheduler.NewSchedulerCommand()))
	case "kwok":
		// k8s' verflag registers --version on pflag.CommandLine, which cobra merges into kwok's
		// root command and which clashes with cobra's bool --version: give kwok a clean global set.
		pflag.CommandLine = pflag.NewFlagSet("kwok", pflag.ExitOnError)
		fs := pflag.NewFlagSet("global", pflag.ContinueOnError)
		fs.ParseErrorsAllowlist.UnknownFlags = true
		fs.Usage = func() {}
		ctx := signals.SetupSignalContext()
		ctx, logger := kwoklog.InitFlags(ctx, fs)
		ctx, err := kwokconfig.InitFlags(ctx, fs)
		if err != nil {
			logger.Error("Init config flags", "err", err)
			os.Exit(1)
		}
		c := kwokcmd.NewCommand(ctx)
		c.PersistentFlags().AddFlagSet(fs)
		if err := c.ExecuteContext(ctx); err != nil {
			logger.Error("Execute exit", "err", err)
			os.Exit(1)
		}
	default:
		fmt.Fprintln(os.Stderr, "unknown component", comp)
		os.Exit(2)
	}
}
