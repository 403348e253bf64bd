// The subset of autocannon's API the load generator uses (the package ships no types).
declare module 'autocannon' {
  interface Options {
    url: string
    headers?: Record<string, string>
    connections?: number
    duration?: number
    pipelining?: number
  }
  interface Histogram {
    average: number
    p50: number
    p99: number
    total: number
  }
  interface Result {
    requests: Histogram
    latency: Histogram
    duration: number
    non2xx: number
    errors: number
    timeouts: number
  }
  function autocannon(opts: Options): Promise<Result>
  export default autocannon
}
