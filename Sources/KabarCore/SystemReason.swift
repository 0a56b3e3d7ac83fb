import Foundation

/// The system's reason under a Foundation file error, as a user reads it ("permission
/// denied", "no such file or directory"), instead of "The operation could not be completed".
public enum SystemReason {
    public static func of(_ error: Error) -> String {
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code))).lowercased()
        }
        if ns.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(ns.code))).lowercased() }
        return error.localizedDescription
    }
}
