package generator

import (
	"path/filepath"

	"fanfare.dev/fanfare/generator/cache"
	"fanfare.dev/fanfare/generator/output"
)

// Publishing: one build at a time publishes to a destination. Build
// takes the destination's lock (see output.Lock) for the time it runs; a
// caller that builds again and again (build --watch) takes it once with
// LockDestination and keeps it, so that a second build into the same
// folder is refused with a message naming the first, never run beside it.

// LockDestination takes the lock of opts' destination and returns opts
// holding it, for builds that follow one another in this process, and
// the function that gives it up.
func LockDestination(opts Options) (Options, func(), error) {
	opts = withDefaults(opts)
	lock, err := output.Acquire(opts.Destination)
	if err != nil {
		return opts, nil, err
	}
	opts.lock = lock
	return opts, lock.Release, nil
}

// withDefaults fills in the site and destination folders.
func withDefaults(opts Options) Options {
	if opts.Source == "" {
		opts.Source = "."
	}
	if opts.Destination == "" {
		opts.Destination = filepath.Join(opts.Source, "public")
	}
	return opts
}

// publishing takes the destination's lock unless opts holds it, and
// returns how to use the destination and the function that releases
// what it took.
func publishing(opts Options) (output.Options, func(), error) {
	release := func() {}
	lock := opts.lock
	if lock == nil {
		var err error
		if lock, err = output.Acquire(opts.Destination); err != nil {
			return output.Options{}, nil, err
		}
		release = lock.Release
	}
	o := output.Options{Protected: protectedDirs(opts.Source), RecordDir: recordDir(opts.CacheDir, opts.Destination), Lock: lock}
	return o, release, nil
}

// recordDir returns the folder of the build cache under base that keeps
// the record of what was published to dest.
func recordDir(base, dest string) string {
	abs, err := output.Resolve(dest)
	if err != nil {
		return ""
	}
	return cache.DestDir(base, abs)
}
