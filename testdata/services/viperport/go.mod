module github.com/acme/viperport

go 1.26.0

require (
	github.com/spf13/pflag v1.0.10
	github.com/spf13/viper v1.21.0
)
