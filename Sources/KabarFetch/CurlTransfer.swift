import CCurl
import Foundation

/// One libcurl easy handle and the state its callbacks fill. Created on the caller's thread;
/// from `CurlEngine.submit` on, touched only by the engine's thread.
final class CurlTransfer: @unchecked Sendable {
    let easy: UnsafeMutableRawPointer
    private var headerList: UnsafeMutablePointer<curl_slist>?
    private var resolveList: UnsafeMutablePointer<curl_slist>?
    private let errorBuffer: UnsafeMutablePointer<CChar>
    private let maxBody: Int
    private var body = Data()
    private var headers = HTTPHeaders()
    private var tooLarge = false
    private let refuseLocal: Bool
    /// Set by the pre-request callback when the connection reached a refused address.
    private var refusedAddress: String?
    /// Set under the engine's lock.
    var cancelRequested = false
    var continuation: CheckedContinuation<TransferResult, Never>?

    init?(_ options: TransferOptions) {
        CurlGlobal.ensureInitialised()
        guard let easy = curl_easy_init() else { return nil }
        self.easy = easy
        maxBody = options.maxBodyBytes
        refuseLocal = options.refuseLocalAddresses
        errorBuffer = .allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        configure(options)
    }

    deinit {
        curl_easy_cleanup(easy)
        if let headerList { curl_slist_free_all(headerList) }
        if let resolveList { curl_slist_free_all(resolveList) }
        errorBuffer.deallocate()
    }

    /// Seconds as libcurl's milliseconds, at least 1 and at most a year (a `Double` past
    /// `Int.max` would trap in the conversion; loaders and flags refuse such values first).
    static func milliseconds(_ seconds: Double) -> Int {
        guard seconds.isFinite else { return 365 * 86_400_000 }
        return Int(min(max(seconds * 1000, 1), 365 * 86_400_000))
    }

    private func configure(_ o: TransferOptions) {
        func long(_ option: CURLoption, _ value: Int) { _ = kabar_easy_setopt_long(easy, option, value) }
        func string(_ option: CURLoption, _ value: String) { _ = kabar_easy_setopt_string(easy, option, value) }

        string(CURLOPT_URL, o.url.absoluteString)
        string(CURLOPT_PROTOCOLS_STR, "http,https")
        string(CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        long(CURLOPT_MAXREDIRS, 0)
        long(CURLOPT_NOSIGNAL, 1)
        long(CURLOPT_FOLLOWLOCATION, 0)
        // "" asks for every encoding this libcurl decodes (gzip, deflate, br, zstd).
        string(CURLOPT_ACCEPT_ENCODING, "")
        string(CURLOPT_USERAGENT, o.userAgent)
        long(CURLOPT_CONNECTTIMEOUT_MS, Self.milliseconds(o.connectTimeout))
        long(CURLOPT_TIMEOUT_MS, Self.milliseconds(o.totalTimeout))
        long(CURLOPT_LOW_SPEED_TIME, max(1, o.stallSeconds))
        long(CURLOPT_LOW_SPEED_LIMIT, max(1, o.stallBytesPerSecond))
        // Refuses a body whose declared length is already past the cap; the write callback
        // enforces the cap on the decoded bytes.
        _ = kabar_easy_setopt_off_t(easy, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(o.maxBodyBytes))
        long(CURLOPT_SSL_VERIFYPEER, o.verifyTLS ? 1 : 0)
        long(CURLOPT_SSL_VERIFYHOST, o.verifyTLS ? 2 : 0)
        if let ca = o.caBundle { string(CURLOPT_CAINFO, ca) }
        if let proxy = o.proxy { string(CURLOPT_PROXY, proxy) }
        if let noProxy = o.noProxy { string(CURLOPT_NOPROXY, noProxy) }
        switch o.httpVersion {
        case .http2WhereOffered: long(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2TLS))
        case .http1_1: long(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_1_1))
        case .http2PriorKnowledge: long(CURLOPT_HTTP_VERSION, Int(CURL_HTTP_VERSION_2_PRIOR_KNOWLEDGE))
        }
        long(CURLOPT_TCP_KEEPALIVE, 1)
        // As the curl tool does: fewer, larger reads and callbacks (the buffer exists only
        // while the transfer runs).
        long(CURLOPT_BUFFERSIZE, 100 * 1024)
        _ = kabar_easy_setopt_pointer(easy, CURLOPT_ERRORBUFFER, errorBuffer)

        for (name, value) in o.headers.sorted(by: { $0.key < $1.key }) {
            headerList = curl_slist_append(headerList, "\(name): \(value)")
        }
        if let headerList { _ = kabar_easy_setopt_slist(easy, CURLOPT_HTTPHEADER, headerList) }
        for entry in o.resolve { resolveList = curl_slist_append(resolveList, entry) }
        if let resolveList { _ = kabar_easy_setopt_slist(easy, CURLOPT_RESOLVE, resolveList) }

        let context = Unmanaged.passUnretained(self).toOpaque()
        _ = kabar_easy_setopt_data_callback(easy, CURLOPT_WRITEFUNCTION, curlWriteBody)
        _ = kabar_easy_setopt_pointer(easy, CURLOPT_WRITEDATA, context)
        _ = kabar_easy_setopt_data_callback(easy, CURLOPT_HEADERFUNCTION, curlWriteHeader)
        _ = kabar_easy_setopt_pointer(easy, CURLOPT_HEADERDATA, context)
        if refuseLocal {
            // Before the socket is opened (nothing reaches a refused address), and again once
            // connected, before the request is sent.
            _ = kabar_easy_setopt_opensocket(easy, curlOpenSocket)
            _ = kabar_easy_setopt_pointer(easy, CURLOPT_OPENSOCKETDATA, context)
            _ = kabar_easy_setopt_prereq(easy, curlCheckAddress)
            _ = kabar_easy_setopt_pointer(easy, CURLOPT_PREREQDATA, context)
        }
    }

    /// Judges the address a connection reached, before any request byte is sent.
    fileprivate func checkAddress(_ ip: String) -> Bool {
        guard LocalAddress.isLocal(ip: ip) else { return true }
        refusedAddress = ip
        return false
    }

    /// Takes decoded body bytes; returning less than `count` makes libcurl abort.
    fileprivate func receiveBody(_ bytes: UnsafeMutablePointer<CChar>, _ count: Int) -> Int {
        if body.count + count > maxBody {
            tooLarge = true
            let room = maxBody - body.count
            if room > 0 { body.append(UnsafeRawPointer(bytes).assumingMemoryBound(to: UInt8.self), count: room) }
            return 0
        }
        body.append(UnsafeRawPointer(bytes).assumingMemoryBound(to: UInt8.self), count: count)
        return count
    }

    /// Takes one header line; a status line starts a new header block (after 1xx). Parsed
    /// on the bytes: this runs for every header of every response.
    fileprivate func receiveHeader(_ bytes: UnsafeMutablePointer<CChar>, _ count: Int) -> Int {
        let line = UnsafeBufferPointer(start: UnsafeRawPointer(bytes).assumingMemoryBound(to: UInt8.self), count: count)
        if count >= 5, line[0] == 0x48, line[1] == 0x54, line[2] == 0x54, line[3] == 0x50, line[4] == 0x2F { // "HTTP/"
            headers = HTTPHeaders()
            return count
        }
        guard let colon = line.firstIndex(of: 0x3A) else { return count }
        let name = Self.trimmed(line[..<colon])
        let value = Self.trimmed(line[(colon + 1)...])
        guard !name.isEmpty else { return count }
        let nameString = String(decoding: name, as: UTF8.self)
        let valueString = String(decoding: value, as: UTF8.self)
        if name.count == 14, nameString.lowercased() == "content-length", let length = Int(valueString), length > 0 {
            body.reserveCapacity(min(length, maxBody))
        }
        headers.append(name: nameString, value: valueString)
        return count
    }

    private static func trimmed(_ bytes: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var s = bytes
        while let first = s.first, first == 0x20 || first == 0x09 || first == 0x0D || first == 0x0A { s = s.dropFirst() }
        while let last = s.last, last == 0x20 || last == 0x09 || last == 0x0D || last == 0x0A { s = s.dropLast() }
        return s
    }

    /// Reads the outcome out of the handle (on the engine's thread, once the transfer is done).
    func result(code: CURLcode) -> TransferResult {
        var r = TransferResult()
        r.code = Int(code.rawValue)
        if r.code != 0 {
            let detail = String(cString: errorBuffer)
            let generic = String(cString: curl_easy_strerror(code))
            r.message = detail.isEmpty ? generic : detail
        }
        r.status = getLong(CURLINFO_RESPONSE_CODE)
        r.redirectURL = getString(CURLINFO_REDIRECT_URL)
        r.remoteIP = getString(CURLINFO_PRIMARY_IP)
        switch getLong(CURLINFO_HTTP_VERSION) {
        case Int(CURL_HTTP_VERSION_1_0): r.httpVersion = "1.0"
        case Int(CURL_HTTP_VERSION_1_1): r.httpVersion = "1.1"
        case Int(CURL_HTTP_VERSION_2_0): r.httpVersion = "2"
        case Int(CURL_HTTP_VERSION_3): r.httpVersion = "3"
        default: r.httpVersion = nil
        }
        r.timings = FetchTimings(
            dns: getSeconds(CURLINFO_NAMELOOKUP_TIME_T),
            connect: getSeconds(CURLINFO_CONNECT_TIME_T),
            tls: getSeconds(CURLINFO_APPCONNECT_TIME_T),
            firstByte: getSeconds(CURLINFO_STARTTRANSFER_TIME_T),
            total: getSeconds(CURLINFO_TOTAL_TIME_T))
        r.headers = headers
        r.body = body
        r.bodyTooLarge = tooLarge
        r.refusedAddress = refusedAddress
        body = Data()
        return r
    }

    func cancelledResult() -> TransferResult {
        var r = TransferResult()
        r.cancelled = true
        r.message = "cancelled"
        return r
    }

    private func getLong(_ info: CURLINFO) -> Int {
        var value = 0
        _ = kabar_easy_getinfo_long(easy, info, &value)
        return value
    }

    private func getSeconds(_ info: CURLINFO) -> Double {
        var value: curl_off_t = 0
        _ = kabar_easy_getinfo_off_t(easy, info, &value)
        return Double(value) / 1_000_000
    }

    private func getString(_ info: CURLINFO) -> String? {
        var pointer: UnsafePointer<CChar>?
        guard kabar_easy_getinfo_string(easy, info, &pointer) == CURLE_OK, let pointer else { return nil }
        let s = String(cString: pointer)
        return s.isEmpty ? nil : s
    }
}

private func curlWriteBody(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let context else { return 0 }
    return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().receiveBody(buffer, size * count)
}

private func curlWriteHeader(_ buffer: UnsafeMutablePointer<CChar>?, _ size: Int, _ count: Int, _ context: UnsafeMutableRawPointer?) -> Int {
    guard let buffer, let context else { return 0 }
    return Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().receiveHeader(buffer, size * count)
}

private func curlCheckAddress(_ context: UnsafeMutableRawPointer?, _ primaryIP: UnsafeMutablePointer<CChar>?, _ localIP: UnsafeMutablePointer<CChar>?,
                              _ primaryPort: Int32, _ localPort: Int32) -> Int32 {
    guard let context, let primaryIP else { return 1 }
    let allowed = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().checkAddress(String(cString: primaryIP))
    return allowed ? 0 : 1
}

/// CURLOPT_OPENSOCKETFUNCTION: refuses a local or private address before connecting to it.
private func curlOpenSocket(_ context: UnsafeMutableRawPointer?, _ purpose: curlsocktype,
                            _ address: UnsafeMutablePointer<curl_sockaddr>?) -> curl_socket_t {
    guard let context, let address else { return kabar_socket_bad() }
    var text = [CChar](repeating: 0, count: 64)
    guard kabar_sockaddr_ip(address, &text, UInt32(text.count)) != 0 else { return kabar_socket_bad() }
    let ip = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    guard Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue().checkAddress(ip) else { return kabar_socket_bad() }
    return kabar_open_socket(address)
}

/// `curl_global_init` once per process, before any handle.
enum CurlGlobal {
    private static let initialised: Bool = {
        curl_global_init(Int(CURL_GLOBAL_DEFAULT)) == CURLE_OK
    }()

    static func ensureInitialised() { _ = initialised }

    /// The libcurl version string ("7.88.1").
    static var version: String {
        ensureInitialised()
        return String(cString: kabar_curl_version())
    }
}
