// cairn through two Node DynamoDB clients, as their users would call them.
//
// - dynamo-client: a low-level client that builds and signs (SigV4, aws4 0.2) its own
//   HTTP requests: CreateTable, PutItem, GetItem, UpdateItem, Query, Scan, errors.
// - dynamo-streams: Node object streams over an aws-sdk v2 style `makeRequest`; here it
//   runs over dynamo-client. Puts and deletes go out as BatchWriteItem in chunks of 25,
//   scans and queries follow LastEvaluatedKey page by page.
//
// The server is the one at $CAIRN_URL (e.g. http://127.0.0.1:8000). Run with
// `node --test clients.test.js`; crates/server/tests/js_clients.rs runs it against an
// in-process server.

"use strict"

const test = require("node:test")
const assert = require("node:assert/strict")
const dynamo = require("dynamo-client")
const streams = require("dynamo-streams")

if (!process.env.CAIRN_URL) {
  throw new Error("set CAIRN_URL to the server's address, e.g. http://127.0.0.1:8000")
}
const url = new URL(process.env.CAIRN_URL)
// Every failure is the test's to see: no retries with backoff on a 5xx.
dynamo.Request.prototype.maxRetries = 0

const client = dynamo.createClient({
  host: url.hostname,
  port: Number(url.port),
  region: "us-east-1",
  credentials: { accessKeyId: "AKIDJSTEST", secretAccessKey: "js-test-secret" },
})

// A suffix so that reruns against a long-lived server do not collide.
const run = `${process.pid}-${Date.now()}`

function request(target, data) {
  return new Promise((resolve, reject) => {
    client.request(target, data, (err, out) => (err ? reject(err) : resolve(out)))
  })
}

async function createTable(name) {
  await request("CreateTable", {
    TableName: name,
    AttributeDefinitions: [
      { AttributeName: "id", AttributeType: "S" },
      { AttributeName: "n", AttributeType: "N" },
    ],
    KeySchema: [
      { AttributeName: "id", KeyType: "HASH" },
      { AttributeName: "n", KeyType: "RANGE" },
    ],
    BillingMode: "PAY_PER_REQUEST",
  })
  for (let i = 0; i < 200; i++) {
    const { Table } = await request("DescribeTable", { TableName: name })
    if (Table.TableStatus === "ACTIVE") return
    await new Promise((r) => setTimeout(r, 25))
  }
  throw new Error(`table ${name} never became ACTIVE`)
}

// Collects a readable object stream into an array.
function collect(readable) {
  return new Promise((resolve, reject) => {
    const out = []
    readable.on("data", (x) => out.push(x))
    readable.on("error", reject)
    readable.on("end", () => resolve(out))
  })
}

// Writes `items` to one of dynamo-streams' write streams and waits until every batch has
// been answered. Those streams are transforms whose last batch goes out in their flush,
// which runs after "finish": only "end" (on the readable side, drained here) comes after
// it.
function writeAll(writable, items) {
  return new Promise((resolve, reject) => {
    writable.on("error", reject)
    writable.on("data", () => {})
    writable.on("end", resolve)
    for (const item of items) writable.write(item)
    writable.end()
  })
}

// What dynamo-streams calls on its database object (aws-sdk v2's shape), over
// dynamo-client: `makeRequest("batchWriteItem", params, cb)` becomes BatchWriteItem.
const streamDb = streams({
  config: { maxRetries: 3 },
  makeRequest(operation, params, cb) {
    client.request(operation[0].toUpperCase() + operation.slice(1), params, cb)
  },
  describeTable(params, cb) {
    client.request("DescribeTable", params, cb)
  },
})

test("dynamo-client: table, items, query, scan, errors", async (t) => {
  const table = `js-client-${run}`
  await createTable(table)

  const listed = await request("ListTables", {})
  assert.ok(listed.TableNames.includes(table), JSON.stringify(listed))

  await t.test("put and get every type", async () => {
    const item = {
      id: { S: "types" },
      n: { N: "0" },
      str: { S: "héllo ☃" },
      num: { N: "-12345678901234567890.123456789012345678" },
      bin: { B: Buffer.from([0, 1, 2, 254, 255]).toString("base64") },
      yes: { BOOL: true },
      nothing: { NULL: true },
      map: { M: { inner: { L: [{ S: "a" }, { N: "1" }] } } },
      strs: { SS: ["x", "y"] },
      nums: { NS: ["1", "2.5"] },
      bins: { BS: [Buffer.from("a").toString("base64")] },
    }
    const put = await request("PutItem", { TableName: table, Item: item, ReturnValues: "ALL_OLD" })
    assert.deepEqual(put, {})
    const got = await request("GetItem", {
      TableName: table,
      Key: { id: { S: "types" }, n: { N: "0" } },
    })
    assert.equal(got.Item.str.S, "héllo ☃")
    assert.equal(got.Item.num.N, "-12345678901234567890.123456789012345678")
    assert.equal(got.Item.bin.B, item.bin.B)
    assert.equal(got.Item.yes.BOOL, true)
    assert.equal(got.Item.nothing.NULL, true)
    assert.deepEqual(got.Item.map, item.map)
    assert.deepEqual([...got.Item.strs.SS].sort(), ["x", "y"])
    assert.deepEqual([...got.Item.nums.NS].sort(), ["1", "2.5"])
    assert.deepEqual(got.Item.bins.BS, item.bins.BS)
  })

  await t.test("update with an expression", async () => {
    const key = { id: { S: "counter" }, n: { N: "0" } }
    for (let i = 0; i < 3; i++) {
      await request("UpdateItem", {
        TableName: table,
        Key: key,
        UpdateExpression: "ADD #c :one",
        ExpressionAttributeNames: { "#c": "count" },
        ExpressionAttributeValues: { ":one": { N: "1" } },
      })
    }
    const out = await request("UpdateItem", {
      TableName: table,
      Key: key,
      UpdateExpression: "SET label = :l",
      ExpressionAttributeValues: { ":l": { S: "three" } },
      ReturnValues: "ALL_NEW",
    })
    assert.deepEqual(out.Attributes, { ...key, count: { N: "3" }, label: { S: "three" } })
  })

  await t.test("query a partition in order, page by page", async () => {
    for (let n = 1; n <= 9; n++) {
      await request("PutItem", {
        TableName: table,
        Item: { id: { S: "q" }, n: { N: String(n) }, odd: { BOOL: n % 2 === 1 } },
      })
    }
    const params = {
      TableName: table,
      KeyConditionExpression: "id = :id AND n BETWEEN :lo AND :hi",
      ExpressionAttributeValues: { ":id": { S: "q" }, ":lo": { N: "2" }, ":hi": { N: "8" } },
      Limit: 3,
    }
    const seen = []
    let pages = 0
    for (let start; ; ) {
      const out = await request("Query", { ...params, ExclusiveStartKey: start })
      pages++
      seen.push(...out.Items.map((i) => Number(i.n.N)))
      if (!out.LastEvaluatedKey) break
      start = out.LastEvaluatedKey
      assert.ok(pages < 10, "paging does not end")
    }
    assert.deepEqual(seen, [2, 3, 4, 5, 6, 7, 8])

    const back = await request("Query", {
      TableName: table,
      KeyConditionExpression: "id = :id",
      FilterExpression: "odd = :t",
      ExpressionAttributeValues: { ":id": { S: "q" }, ":t": { BOOL: true } },
      ScanIndexForward: false,
    })
    assert.deepEqual(back.Items.map((i) => Number(i.n.N)), [9, 7, 5, 3, 1])
    assert.equal(back.Count, 5)
    assert.equal(back.ScannedCount, 9)
  })

  await t.test("scan everything, page by page", async () => {
    const seen = []
    for (let start; ; ) {
      const out = await request("Scan", { TableName: table, Limit: 4, ExclusiveStartKey: start })
      seen.push(...out.Items.map((i) => `${i.id.S}/${i.n.N}`))
      if (!out.LastEvaluatedKey) break
      start = out.LastEvaluatedKey
    }
    seen.sort()
    const expected = ["counter/0", "types/0"]
    for (let n = 1; n <= 9; n++) expected.push(`q/${n}`)
    expected.sort()
    assert.deepEqual(seen, expected)
  })

  await t.test("errors carry DynamoDB's type and message", async () => {
    await assert.rejects(request("DescribeTable", { TableName: `${table}-missing` }), (err) => {
      assert.equal(err.statusCode, 400)
      assert.equal(err.name, "ResourceNotFoundException")
      assert.equal(err.message, `Requested resource not found: Table: ${table}-missing not found`)
      return true
    })
    await assert.rejects(
      request("PutItem", {
        TableName: table,
        Item: { id: { S: "c" }, n: { N: "1" } },
        ConditionExpression: "attribute_exists(id)",
      }),
      (err) => {
        assert.equal(err.statusCode, 400)
        assert.equal(err.name, "ConditionalCheckFailedException")
        assert.equal(err.message, "The conditional request failed")
        return true
      },
    )
    await assert.rejects(
      request("GetItem", { TableName: table, Key: { id: { S: "only-hash" } } }),
      (err) => {
        assert.equal(err.name, "ValidationException")
        assert.equal(err.message, "The provided key element does not match the schema")
        return true
      },
    )
  })

  const deleted = await request("DeleteTable", { TableName: table })
  assert.equal(deleted.TableDescription.TableName, table)
})

test("dynamo-streams: put, get, query, scan and delete streams", async (t) => {
  const table = `js-streams-${run}`
  await createTable(table)

  // 2 partitions × 40 rows: 80 puts, four BatchWriteItem calls of at most 25.
  const rows = []
  for (const id of ["a", "b"]) {
    for (let n = 0; n < 40; n++) {
      rows.push({ id, n, name: `${id}-${n}`, tags: ["x", n], nested: { even: n % 2 === 0 } })
    }
  }

  await t.test("put stream", async () => {
    await writeAll(streamDb.createPutStream({ TableName: table }), rows)
  })

  await t.test("get", async () => {
    const expected = { id: "b", n: 17, name: "b-17", tags: ["x", 17], nested: { even: false } }
    // dynamo-streams has no get stream: a GetItem decoded with its parser...
    const out = await request("GetItem", {
      TableName: table,
      Key: { id: { S: "b" }, n: { N: "17" } },
    })
    assert.deepEqual(streams.parse({ M: out.Item }), expected)
    // ...and a query stream on the whole key.
    const items = await collect(
      streamDb.createQueryStream({
        TableName: table,
        KeyConditionExpression: "id = :id AND n = :n",
        ExpressionAttributeValues: { ":id": { S: "b" }, ":n": { N: "17" } },
      }),
    )
    assert.deepEqual(items, [expected])
  })

  await t.test("scan stream follows every page", async () => {
    const items = await collect(streamDb.createScanStream({ TableName: table, Limit: 7 }))
    assert.equal(items.length, rows.length)
    const key = (r) => `${r.id}/${String(r.n).padStart(2, "0")}`
    assert.deepEqual(items.map(key).sort(), rows.map(key).sort())
    const b3 = items.find((r) => r.id === "b" && r.n === 3)
    assert.deepEqual(b3, rows.find((r) => r.id === "b" && r.n === 3))
  })

  await t.test("query stream, sorted by the range key", async () => {
    const items = await collect(
      streamDb.createQueryStream({
        TableName: table,
        KeyConditionExpression: "id = :id AND n >= :from",
        ExpressionAttributeValues: { ":id": { S: "a" }, ":from": { N: "30" } },
        Limit: 4,
      }),
    )
    assert.deepEqual(
      items.map((r) => r.n),
      [30, 31, 32, 33, 34, 35, 36, 37, 38, 39],
    )
    assert.ok(items.every((r) => r.id === "a"))
  })

  await t.test("delete stream", async () => {
    const doomed = rows.filter((r) => r.id === "b").map((r) => ({ id: r.id, n: r.n }))
    await writeAll(streamDb.createDeleteStream({ TableName: table }), doomed)
    const left = await collect(streamDb.createScanStream({ TableName: table }))
    assert.equal(left.length, 40)
    assert.ok(left.every((r) => r.id === "a"))
  })

  await request("DeleteTable", { TableName: table })
})
