import Foundation
import HTTPTypes

/// Static files of the console (`Resources/console/`).
enum ConsoleAssets {
    static let css: [UInt8] = {
        guard let url = Bundle.module.url(forResource: "console", withExtension: "css", subdirectory: "console")
                ?? Bundle.module.url(forResource: "console", withExtension: "css"),
            let data = try? Data(contentsOf: url)
        else { return [] }
        return Array(data)
    }()
}
