<?xml version="1.0" encoding="UTF-8"?>
<!-- CrossBorderOrder (canonical data, checked in code) -> CEB621Message, China single window import inventory list.
     Element order and fixed codes follow the CEB inventory head/list field lists (2022 edition); the result is
     validated against Schemas/ceb621.xsd before it leaves the process. -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns="http://www.chinaport.gov.cn/ceb">
  <xsl:output method="xml" encoding="UTF-8"/>
  <xsl:param name="appType" select="'1'"/>
  <xsl:param name="appStatus" select="'2'"/>

  <xsl:template match="/CrossBorderOrder">
    <CEB621Message guid="{Guid}" version="1.0">
      <Inventory>
        <InventoryHead>
          <guid><xsl:value-of select="Guid"/></guid>
          <appType><xsl:value-of select="$appType"/></appType>
          <appTime><xsl:value-of select="AppTime"/></appTime>
          <appStatus><xsl:value-of select="$appStatus"/></appStatus>
          <orderNo><xsl:value-of select="OrderNo"/></orderNo>
          <ebpCode><xsl:value-of select="Platform/Code"/></ebpCode>
          <ebpName><xsl:value-of select="Platform/Name"/></ebpName>
          <ebcCode><xsl:value-of select="Merchant/Code"/></ebcCode>
          <ebcName><xsl:value-of select="Merchant/Name"/></ebcName>
          <logisticsNo><xsl:value-of select="Logistics/WaybillNo"/></logisticsNo>
          <logisticsCode><xsl:value-of select="Logistics/Code"/></logisticsCode>
          <logisticsName><xsl:value-of select="Logistics/Name"/></logisticsName>
          <copNo><xsl:value-of select="CopNo"/></copNo>
          <assureCode><xsl:value-of select="Declarant/Code"/></assureCode>
          <ieFlag>I</ieFlag>
          <declTime><xsl:value-of select="DeclDate"/></declTime>
          <customsCode><xsl:value-of select="Office"/></customsCode>
          <portCode><xsl:value-of select="Port"/></portCode>
          <ieDate><xsl:value-of select="DeclDate"/></ieDate>
          <buyerIdType><xsl:value-of select="Buyer/IdType"/></buyerIdType>
          <buyerIdNumber><xsl:value-of select="Buyer/IdNumber"/></buyerIdNumber>
          <buyerName><xsl:value-of select="Buyer/Name"/></buyerName>
          <buyerTelephone><xsl:value-of select="Buyer/Phone"/></buyerTelephone>
          <consigneeAddress><xsl:value-of select="Buyer/Address"/></consigneeAddress>
          <agentCode><xsl:value-of select="Declarant/Code"/></agentCode>
          <agentName><xsl:value-of select="Declarant/Name"/></agentName>
          <xsl:if test="Area">
            <areaCode><xsl:value-of select="Area/Code"/></areaCode>
            <areaName><xsl:value-of select="Area/Name"/></areaName>
          </xsl:if>
          <tradeMode><xsl:value-of select="TradeMode"/></tradeMode>
          <trafMode><xsl:value-of select="TrafMode"/></trafMode>
          <xsl:if test="Logistics/BillNo"><billNo><xsl:value-of select="Logistics/BillNo"/></billNo></xsl:if>
          <country><xsl:value-of select="Dispatch"/></country>
          <freight><xsl:value-of select="Amounts/Freight"/></freight>
          <insuredFee><xsl:value-of select="Amounts/Insurance"/></insuredFee>
          <currency>142</currency>
          <packNo><xsl:value-of select="Packages"/></packNo>
          <grossWeight><xsl:value-of select="GrossKg"/></grossWeight>
          <netWeight><xsl:value-of select="NetKg"/></netWeight>
        </InventoryHead>
        <xsl:for-each select="Line">
          <InventoryList>
            <gnum><xsl:value-of select="No"/></gnum>
            <itemNo><xsl:value-of select="Sku"/></itemNo>
            <gcode><xsl:value-of select="HS"/></gcode>
            <gname><xsl:value-of select="Name"/></gname>
            <gmodel><xsl:value-of select="Model"/></gmodel>
            <xsl:if test="Barcode"><barCode><xsl:value-of select="Barcode"/></barCode></xsl:if>
            <country><xsl:value-of select="Origin"/></country>
            <xsl:if test="TradeCountry"><tradeCountry><xsl:value-of select="TradeCountry"/></tradeCountry></xsl:if>
            <currency>142</currency>
            <qty><xsl:value-of select="Qty"/></qty>
            <unit><xsl:value-of select="Unit"/></unit>
            <qty1><xsl:value-of select="LegalQty"/></qty1>
            <unit1><xsl:value-of select="LegalUnit"/></unit1>
            <price><xsl:value-of select="Price"/></price>
            <totalPrice><xsl:value-of select="Total"/></totalPrice>
          </InventoryList>
        </xsl:for-each>
      </Inventory>
      <BaseTransfer>
        <copCode><xsl:value-of select="Declarant/Code"/></copCode>
        <copName><xsl:value-of select="Declarant/Name"/></copName>
        <dxpMode>DXP</dxpMode>
        <dxpId><xsl:value-of select="DxpId"/></dxpId>
      </BaseTransfer>
    </CEB621Message>
  </xsl:template>
</xsl:stylesheet>
