internal import Foundation

// The stored JSON of orders, pick sessions and shipment documents, written by hand (see `StoredJSONWriter`).
// Members are written in sorted key order, as Foundation's `.sortedKeys` orders them (byte order).

extension FlowCoding {
    static func encode(_ order: Order) throws -> String {
        var writer = StoredJSONWriter(capacity: 2_048)
        order.write(to: &writer)
        return writer.text
    }

    static func encode(_ session: PickSession) throws -> String {
        var writer = StoredJSONWriter(capacity: 512 + 192 * session.tasks.count)
        session.write(to: &writer)
        return writer.text
    }

    static func encode(_ document: StoredShipmentDocument) throws -> String {
        var writer = StoredJSONWriter(capacity: document.content.utf8.count + 256)
        writer.open()
        writer.key("content")
        writer.string(document.content)
        writer.key("kind")
        writer.string(document.kind)
        writer.key("order")
        writer.string(document.order)
        writer.key("sha256")
        writer.string(document.sha256)
        writer.close()
        return writer.text
    }
}

extension Order {
    func write(to w: inout StoredJSONWriter) {
        w.open()
        w.key("allocations")
        w.openArray()
        for allocation in allocations {
            w.element()
            allocation.write(to: &w)
        }
        w.closeArray()
        if let assessment {
            w.key("assessment")
            assessment.write(to: &w)
        }
        if let backOrder {
            w.key("backOrder")
            w.open()
            w.key("code")
            w.string(backOrder.code.rawValue)
            w.key("message")
            w.string(backOrder.message)
            w.string("sku", backOrder.sku)
            w.close()
        }
        w.key("history")
        w.openArray()
        for event in history {
            w.element()
            w.open()
            w.key("from")
            w.string(event.from.rawValue)
            w.key("note")
            w.string(event.note)
            w.key("operation")
            w.string(event.operation)
            w.key("to")
            w.string(event.to.rawValue)
            w.close()
        }
        w.closeArray()
        w.key("holds")
        w.openArray()
        for hold in holds {
            w.element()
            w.open()
            w.key("code")
            w.string(hold.code)
            w.key("message")
            w.string(hold.message)
            w.key("rule")
            w.string(hold.rule)
            w.key("source")
            w.string(hold.source)
            w.close()
        }
        w.closeArray()
        w.key("id")
        w.string(id)
        w.key("intake")
        intake.write(to: &w)
        w.key("operations")
        w.strings(operations)
        if let parcel {
            w.key("parcel")
            parcel.write(to: &w)
        }
        w.string("pickBatch", pickBatch)
        if let route {
            w.key("route")
            w.open()
            w.string("aircraft", route.aircraft)
            w.key("carrier")
            w.string(route.carrier)
            w.key("transport")
            w.string(route.transport)
            w.close()
        }
        if let shippedAt {
            w.key("shippedAt")
            w.date(shippedAt)
        }
        w.key("status")
        w.string(status.rawValue)
        w.string("trackingNumber", trackingNumber)
        w.string("warehouse", warehouse)
        w.close()
    }
}

extension OrderAllocation {
    func write(to w: inout StoredJSONWriter) {
        w.open()
        w.key("lineIndex")
        w.integer(lineIndex)
        w.key("location")
        w.string(location)
        w.key("lot")
        w.string(lot)
        w.key("picked")
        w.integer(picked)
        w.key("quantity")
        w.integer(quantity)
        w.key("reservationID")
        w.string(reservationID)
        w.key("sku")
        w.string(sku)
        w.integer("staged", staged)
        w.string("stagedAt", stagedAt)
        w.close()
    }
}

extension OrderAssessment {
    func write(to w: inout StoredJSONWriter) {
        w.open()
        w.key("dangerousGoods")
        w.openArray()
        for goods in dangerousGoods {
            w.element()
            w.open()
            w.string("air", goods.air)
            w.string("dgClass", goods.dgClass)
            w.key("labels")
            w.strings(goods.labels)
            w.string("packingGroup", goods.packingGroup)
            w.string("packingInstruction", goods.packingInstruction)
            w.string("properShippingName", goods.properShippingName)
            w.string("section", goods.section)
            w.key("sku")
            w.string(goods.sku)
            w.string("subsidiaryHazard", goods.subsidiaryHazard)
            w.string("unNumber", goods.unNumber)
            w.close()
        }
        w.closeArray()
        w.key("date")
        w.string(date)
        w.key("decision")
        w.string(decision)
        w.key("documentID")
        w.string(documentID)
        w.key("documents")
        w.strings(documents)
        w.key("packSetHash")
        w.string(packSetHash)
        w.string("regime", regime)
        w.close()
    }
}

extension Parcel {
    func write(to w: inout StoredJSONWriter) {
        w.open()
        w.key("documents")
        w.openArray()
        for document in documents {
            w.element()
            w.open()
            w.key("bytes")
            w.integer(document.bytes)
            w.key("id")
            w.string(document.id)
            w.key("kind")
            w.string(document.kind)
            w.key("sha256")
            w.string(document.sha256)
            w.close()
        }
        w.closeArray()
        w.key("grossGrams")
        w.integer(grossGrams)
        w.key("marks")
        w.strings(marks)
        w.key("sscc")
        w.string(sscc)
        w.close()
    }
}

extension OrderIntake {
    func write(to w: inout StoredJSONWriter) {
        w.open()
        w.key("channel")
        w.string(channel)
        w.key("channelOrderID")
        w.string(channelOrderID)
        w.key("currency")
        w.string(currency)
        w.key("lines")
        w.openArray()
        for line in lines {
            w.element()
            w.open()
            w.key("lineID")
            w.string(line.lineID)
            w.key("quantity")
            w.integer(line.quantity)
            w.key("sku")
            w.string(line.sku)
            w.key("unitPrice")
            w.decimal(line.unitPrice)
            w.close()
        }
        w.closeArray()
        w.string("marketplace", marketplace)
        w.string("marketplaceTaxID", marketplaceTaxID)
        w.key("orderedAt")
        w.date(orderedAt)
        if let shipBy {
            w.key("shipBy")
            w.date(shipBy)
        }
        w.key("shipTo")
        w.open()
        w.key("city")
        w.string(shipTo.city)
        w.key("country")
        w.string(shipTo.country)
        w.key("line1")
        w.string(shipTo.line1)
        w.string("line2", shipTo.line2)
        w.key("name")
        w.string(shipTo.name)
        w.key("postalCode")
        w.string(shipTo.postalCode)
        w.string("region", shipTo.region)
        w.close()
        if let shippingCharge {
            w.key("shippingCharge")
            w.decimal(shippingCharge)
        }
        w.key("shippingService")
        w.string(shippingService)
        w.close()
    }
}

extension PickSession {
    func write(to w: inout StoredJSONWriter) {
        w.open()
        w.key("counts")
        w.strings(counts)
        w.key("id")
        w.string(id)
        w.key("kind")
        w.string(kind)
        w.key("operations")
        w.strings(operations)
        w.string("packStation", packStation)
        w.key("routeMethod")
        w.string(routeMethod)
        w.key("routeMillimetres")
        w.integer(routeMillimetres)
        w.string("scannedLocation", scannedLocation)
        w.key("tasks")
        w.openArray()
        for task in tasks {
            w.element()
            w.open()
            w.key("allocationIndex")
            w.integer(task.allocationIndex)
            w.key("location")
            w.string(task.location)
            w.key("lot")
            w.string(task.lot)
            w.key("orderID")
            w.string(task.orderID)
            w.key("picked")
            w.integer(task.picked)
            w.key("quantity")
            w.integer(task.quantity)
            w.key("sku")
            w.string(task.sku)
            w.key("state")
            w.string(task.state.rawValue)
            w.key("tote")
            w.integer(task.tote)
            w.close()
        }
        w.closeArray()
        w.key("warehouse")
        w.string(warehouse)
        w.key("wave")
        w.string(wave)
        w.close()
    }
}
