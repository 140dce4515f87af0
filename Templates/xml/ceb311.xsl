<?xml version="1.0" encoding="UTF-8"?>
<!-- CrossBorderOrder (canonical data, checked in code) -> CEB311Message, China single window import order.
     Element order and fixed codes follow the CEB order head/list field lists; the result is validated against
     Schemas/ceb311.xsd before it leaves the process. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns="http://www.chinaport.gov.cn/ceb">
  <xsl:output method="xml" encoding="UTF-8"/>
  <!-- Fixed codes: appType 1 = new, appStatus 2 = declare, orderType I = import, currency 142 = CNY. -->
  <xsl:param name="appType" select="'1'"/>
  <xsl:param name="appStatus" select="'2'"/>

  <xsl:template match="/CrossBorderOrder">
    <CEB311Message guid="{Guid}" version="1.0">
      <Order>
        <OrderHead>
          <guid><xsl:value-of select="Guid"/></guid>
          <appType><xsl:value-of select="$appType"/></appType>
          <appTime><xsl:value-of select="AppTime"/></appTime>
          <appStatus><xsl:value-of select="$appStatus"/></appStatus>
          <orderType>I</orderType>
          <orderNo><xsl:value-of select="OrderNo"/></orderNo>
          <ebpCode><xsl:value-of select="Platform/Code"/></ebpCode>
          <ebpName><xsl:value-of select="Platform/Name"/></ebpName>
          <ebcCode><xsl:value-of select="Merchant/Code"/></ebcCode>
          <ebcName><xsl:value-of select="Merchant/Name"/></ebcName>
          <goodsValue><xsl:value-of select="Amounts/Goods"/></goodsValue>
          <freight><xsl:value-of select="Amounts/Freight"/></freight>
          <discount><xsl:value-of select="Amounts/Discount"/></discount>
          <taxTotal><xsl:value-of select="Amounts/Tax"/></taxTotal>
          <acturalPaid><xsl:value-of select="Amounts/Paid"/></acturalPaid>
          <currency>142</currency>
          <buyerRegNo><xsl:value-of select="Buyer/RegNo"/></buyerRegNo>
          <buyerName><xsl:value-of select="Buyer/Name"/></buyerName>
          <buyerTelephone><xsl:value-of select="Buyer/Phone"/></buyerTelephone>
          <buyerIdType><xsl:value-of select="Buyer/IdType"/></buyerIdType>
          <buyerIdNumber><xsl:value-of select="Buyer/IdNumber"/></buyerIdNumber>
          <xsl:if test="Payment/Code"><payCode><xsl:value-of select="Payment/Code"/></payCode></xsl:if>
          <xsl:if test="Payment/Name"><payName><xsl:value-of select="Payment/Name"/></payName></xsl:if>
          <xsl:if test="Payment/TransactionId">
            <payTransactionId><xsl:value-of select="Payment/TransactionId"/></payTransactionId>
          </xsl:if>
          <consignee><xsl:value-of select="Buyer/Name"/></consignee>
          <consigneeTelephone><xsl:value-of select="Buyer/Phone"/></consigneeTelephone>
          <consigneeAddress><xsl:value-of select="Buyer/Address"/></consigneeAddress>
        </OrderHead>
        <xsl:for-each select="Line">
          <OrderList>
            <gnum><xsl:value-of select="No"/></gnum>
            <itemNo><xsl:value-of select="Sku"/></itemNo>
            <itemName><xsl:value-of select="Name"/></itemName>
            <gmodel><xsl:value-of select="Model"/></gmodel>
            <xsl:if test="Barcode"><barCode><xsl:value-of select="Barcode"/></barCode></xsl:if>
            <unit><xsl:value-of select="Unit"/></unit>
            <qty><xsl:value-of select="Qty"/></qty>
            <price><xsl:value-of select="Price"/></price>
            <totalPrice><xsl:value-of select="Total"/></totalPrice>
            <currency>142</currency>
            <country><xsl:value-of select="Origin"/></country>
          </OrderList>
        </xsl:for-each>
      </Order>
      <BaseTransfer>
        <copCode><xsl:value-of select="Declarant/Code"/></copCode>
        <copName><xsl:value-of select="Declarant/Name"/></copName>
        <dxpMode>DXP</dxpMode>
        <dxpId><xsl:value-of select="DxpId"/></dxpId>
      </BaseTransfer>
    </CEB311Message>
  </xsl:template>
</xsl:stylesheet>
